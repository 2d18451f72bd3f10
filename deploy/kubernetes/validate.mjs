// Validates Kubernetes objects against the Kubernetes OpenAPI schemas (kubernetes-models),
// offline. Reads a JSON array of objects on stdin and writes a JSON array of problems, one
// string per invalid object (empty: all valid). config/kubernetes-manifests.spec.ts runs it:
// kubernetes-models is ESM only, so it runs here under Node rather than inside Jest.

import { Buffer } from 'node:buffer';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const problems = [];
for (const object of objects) {
  const label = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
  let models;
  try {
    models = await import(`kubernetes-models/${object.apiVersion}`);
  } catch {
    problems.push(`${label}: no schema for this apiVersion`);
    continue;
  }
  const Model = models[object.kind];
  if (typeof Model !== 'function') {
    problems.push(`${label}: no schema for this kind`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.stdout.write(JSON.stringify(problems));
