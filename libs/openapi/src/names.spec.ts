import { collectionSchemaName, operationId, pascalCase, typeStems } from './names.js';

describe('names', () => {
  it.each([
    ['blog_posts', 'BlogPosts'],
    ['users', 'Users'],
    ['post_2', 'Post2'],
    ['a__b', 'AB'],
  ])('PascalCases %s as %s', (name, expected) => {
    expect(pascalCase(name)).toBe(expected);
  });

  it('keeps underscores for names that would PascalCase alike', () => {
    const stems = typeStems([
      { name: 'post_2' },
      { name: 'post2' },
      { name: 'blog_posts' },
      { name: 'a__b' },
      { name: 'a_b' },
    ]);
    expect([...stems.values()]).toEqual(['Post_2', 'Post2', 'BlogPosts', 'A__B', 'A_B']);
  });

  it('derives schema names and operation ids from the stem', () => {
    expect(collectionSchemaName('BlogPosts', 'RecordsResponse')).toBe('BlogPostsRecordsResponse');
    expect(
      (['list', 'create', 'get', 'update', 'replace', 'delete', 'bulkUpdate', 'bulkDelete'] as const).map((kind) =>
        operationId('Posts', kind),
      ),
    ).toEqual([
      'listPostsRecords',
      'createPostsRecord',
      'getPostsRecord',
      'updatePostsRecord',
      'replacePostsRecord',
      'deletePostsRecord',
      'bulkUpdatePostsRecords',
      'bulkDeletePostsRecords',
    ]);
  });
});
