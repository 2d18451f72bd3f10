// Type tests of the client over the generated snapshot, checked by `npm run typecheck` (never
// run): each assignment states the type a call gives, and each @ts-expect-error a call the
// types refuse. If a refusal stops being one, tsc reports the unused directive.

import { createClient, type FileObject, type JsonValue, type RealtimeEvent } from '@stagecraft/client';
import type { PostsRecord, Schema } from './every-field-type.js';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the usual exact test of two types
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): Equal<A, B> => proof;
/** Reads values, so the reads are type-checked. */
const read = (...values: unknown[]): number => values.length;

export async function typedCalls(): Promise<void> {
  const client = createClient<Schema>('https://api.example.com');
  const posts = client.collection('posts');

  // A record carries every readable field with its exact nullability; hidden and secret ones never.
  const post = await posts.get('id');
  same<typeof post.title, string>(true);
  same<typeof post.subtitle, string | null>(true);
  same<typeof post.status, 'draft' | 'published' | 'archived'>(true);
  same<typeof post.mood, 'happy' | "it's complicated" | null>(true);
  same<typeof post.labels, ('news' | 'howto')[] | null>(true);
  same<typeof post.channels, ('web' | 'email')[]>(true);
  same<typeof post.tags, string[]>(true);
  same<typeof post.settings, NonNullable<JsonValue>>(true);
  same<typeof post.cover, FileObject | null>(true);
  same<typeof post.attachments, FileObject[]>(true);
  same<typeof post.created_by, string | null>(true);
  // @ts-expect-error hidden fields are never returned
  read(post.internal_note);
  // @ts-expect-error secret fields are never returned
  read(post.api_secret);
  // @ts-expect-error no expand was asked for
  read(post.expand);

  // `fields` narrows the record to what was asked for, system fields included only when named.
  const page = await posts.list({ fields: ['id', 'title'], sort: ['-views', 'title'], count: 'exact' });
  same<(typeof page.data)[number], Pick<PostsRecord, 'id' | 'title'>>(true);
  // @ts-expect-error not selected
  read(page.data[0]?.views);

  // `expand` adds the related records, typed by the relation's target, two levels deep.
  const expanded = await posts.list({ fields: ['title'], expand: ['author.posts', 'tags', 'editor'] });
  const first = expanded.data[0];
  const authorName: string | undefined = first?.expand?.author?.name;
  const otherTitles: string[] | undefined = first?.expand?.author?.expand?.posts?.map((p) => p.title);
  const tagLabels: string[] | undefined = first?.expand?.tags?.map((tag) => tag.label);
  const editorEmail: string | undefined = first?.expand?.editor?.email;
  read(authorName, otherTitles, tagLabels, editorEmail);
  // @ts-expect-error `title` is not a relation
  await posts.list({ expand: ['title'] });
  // @ts-expect-error deeper than a relation of the target
  await posts.list({ expand: ['author.name'] });
  // @ts-expect-error no such field
  await posts.list({ fields: ['headline'] });
  // @ts-expect-error no such sort key
  await posts.list({ sort: ['-headline'] });

  // Bodies: what is required without a default must be given; read-only fields cannot be.
  await posts.create({ title: 'Hello', editor: 'user-id', contract: new Blob(['%PDF']) });
  await posts.create([{ title: 'A', editor: 'u', contract: { upload: 'id' } }]);
  // @ts-expect-error editor is required and has no default
  await posts.create({ title: 'Hello', contract: 'contract_x.pdf' });
  // @ts-expect-error score is read-only
  await posts.create({ title: 'Hello', editor: 'u', contract: 'c.pdf', score: 3 });
  // @ts-expect-error status is one of its values
  await posts.update('id', { status: 'deleted' });
  // @ts-expect-error a required field cannot be emptied
  await posts.update('id', { title: null });
  await posts.update('id', { 'attachments+': new Blob([]), 'attachments-': ['old.pdf'] }, { ifMatch: post });
  await posts.replace('id', { title: 'T', editor: 'u', contract: 'c.pdf' }, { ifMatch: 3 });
  const changed: number = await posts.updateMany('status = "draft"', { featured: true });
  read(changed);

  // Files: only file fields take uploads.
  const upload = await client.files.upload('posts', 'attachments', new Blob(['x']), { chunkSize: 1024 });
  await posts.update('id', { cover: upload });
  // @ts-expect-error title is not a file field
  await client.files.upload('posts', 'title', new Blob([]));
  const thumb: string = client.files.url('posts', post, post.contract, { thumb: '100x100' });
  read(thumb);

  // Realtime events carry records shaped like the subscription's reads.
  await posts.subscribe({ fields: ['title'], filter: 'published = true' }, (event) => {
    same<typeof event, RealtimeEvent<Pick<PostsRecord, 'title'>>>(true);
    if (event.action === 'create') read(event.record.title);
  });

  // @ts-expect-error no such collection
  client.collection('comments');

  // Without generated types every call still works, typed loosely but never `any`.
  const untyped = createClient('https://api.example.com');
  const record = await untyped.collection('anything').get('id', { expand: ['owner'] });
  const id: string = record.id;
  // @ts-expect-error a field of unknown type is not a number
  const guess: number = record.price;
  read(id, guess);
}
