// The Kubernetes manifests in deploy/kubernetes render with `kubectl kustomize`, every object
// they produce is valid against the Kubernetes schemas, and they keep the promises of
// docs/kubernetes.md: hardened containers, probes, resources, autoscaling, one migration Job per
// release, and only known variables in the ConfigMap and Secret. It sits with the configuration
// because it checks the repository's own settings, like node-engines.spec.ts. Offline: nothing
// is applied to a cluster.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { variables, type VariableName, type VariableSpec } from './variables.js';

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    selector?: { matchLabels?: Record<string, string> };
    podSelector?: { matchLabels?: Record<string, string> };
    scaleTargetRef?: { kind: string; name: string };
  };
}

const root = resolve(__dirname, '..');
const kubernetesDir = resolve(root, 'deploy/kubernetes');
const exampleSecrets = resolve(kubernetesDir, 'overlays/production/secrets.env.example');

/** Renders a kustomization in a copy of deploy/kubernetes, with secrets.env made from the example. */
function render(kustomization: string): K8sObject[] {
  const copy = mkdtempSync(join(tmpdir(), 'stagecraft-k8s-'));
  try {
    cpSync(kubernetesDir, copy, { recursive: true });
    cpSync(exampleSecrets, join(copy, 'overlays/production/secrets.env'));
    const yaml = execFileSync('kubectl', ['kustomize', join(copy, kustomization)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const objects = loadAll(yaml).filter((doc) => doc !== null) as K8sObject[];
    // Newer kubectl folds long base64 values of a Secret over several lines; the API server's
    // decoder skips the line breaks, the schema's "byte" format does not.
    for (const secret of objects.filter((o) => o.kind === 'Secret')) {
      for (const [key, value] of Object.entries(secret.data ?? {})) secret.data![key] = value.replace(/\s/g, '');
    }
    return objects;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Problems kubernetes-models finds in the objects; it is ESM only, so it runs under Node. */
function schemaProblems(objects: K8sObject[]): string[] {
  const output = execFileSync(process.execPath, [resolve(kubernetesDir, 'validate.mjs')], {
    cwd: root,
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

const isVariable = (name: string): name is VariableName => Object.hasOwn(variables, name);
const isSecret = (name: string): boolean => isVariable(name) && (variables[name] as VariableSpec).secret === true;
const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

const podSpecs = (objects: K8sObject[]) =>
  objects.flatMap((o) =>
    o.spec?.template ? [{ owner: `${o.kind}/${o.metadata.name}`, pod: o.spec.template.spec }] : [],
  );
const containers = (objects: K8sObject[]) =>
  podSpecs(objects).flatMap(({ owner, pod }) =>
    [...pod.containers, ...(pod.initContainers ?? [])].map((container) => ({ owner, pod, container })),
  );
const find = (objects: K8sObject[], kind: string, component?: string) =>
  objects.filter(
    (o) =>
      o.kind === kind && (component === undefined || o.metadata.labels?.['app.kubernetes.io/component'] === component),
  );

describe.each(['base', 'overlays/production'])('deploy/kubernetes/%s', (kustomization) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(kustomization);
  });

  it('renders objects that are valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('runs every container as non-root, read-only, without privilege escalation or capabilities', () => {
    expect(containers(objects).length).toBeGreaterThanOrEqual(3);
    for (const { owner, pod, container } of containers(objects)) {
      const where = `${owner} ${container.name}`;
      const security = container.securityContext ?? {};
      expect({ where, nonRoot: security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({
        where,
        nonRoot: true,
      });
      expect({ where, user: security.runAsUser ?? pod.securityContext?.runAsUser }).toEqual({ where, user: 1000 });
      expect({ where, readOnlyRootFilesystem: security.readOnlyRootFilesystem }).toEqual({
        where,
        readOnlyRootFilesystem: true,
      });
      expect({ where, allowPrivilegeEscalation: security.allowPrivilegeEscalation }).toEqual({
        where,
        allowPrivilegeEscalation: false,
      });
      expect({ where, drop: security.capabilities?.drop }).toEqual({ where, drop: ['ALL'] });
    }
  });

  it('sets CPU and memory requests and limits on every container', () => {
    for (const { owner, container } of containers(objects)) {
      const { requests = {}, limits = {} } = container.resources ?? {};
      expect({
        where: `${owner} ${container.name}`,
        requests: Object.keys(requests).sort(),
        limits: Object.keys(limits).sort(),
      }).toEqual({
        where: `${owner} ${container.name}`,
        requests: ['cpu', 'memory'],
        limits: ['cpu', 'memory'],
      });
    }
  });

  it('probes the API and the worker on their health endpoints', () => {
    for (const component of ['api', 'worker']) {
      const [deployment] = find(objects, 'Deployment', component);
      const container = deployment!.spec!.template!.spec.containers[0]!;
      expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    }
  });

  it('lets the API finish shutting down within its grace period', () => {
    const config = find(objects, 'ConfigMap')[0]!.data!;
    const setting = (name: 'SHUTDOWN_READINESS_DELAY_MS' | 'SHUTDOWN_TIMEOUT_MS') =>
      Number(config[name] ?? variables[name].default);
    for (const component of ['api', 'worker']) {
      const pod = find(objects, 'Deployment', component)[0]!.spec!.template!.spec;
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
        setting('SHUTDOWN_READINESS_DELAY_MS') + setting('SHUTDOWN_TIMEOUT_MS'),
      );
    }
  });

  it('scales the API with an HPA and protects it with a PDB', () => {
    const api = find(objects, 'Deployment', 'api')[0]!;
    const podLabels = api.spec!.template!.metadata!.labels;
    expect(find(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.spec!.scaleTargetRef)).toContainEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: api.metadata.name,
    });
    expect(
      find(objects, 'PodDisruptionBudget').some((pdb) => matches(pdb.spec!.selector?.matchLabels, podLabels)),
    ).toBe(true);
    expect(
      find(objects, 'NetworkPolicy').some((policy) => matches(policy.spec!.podSelector?.matchLabels, podLabels)),
    ).toBe(true);
  });

  it('migrates in a Job, and only there', () => {
    const jobs = find(objects, 'Job');
    expect(jobs.map((job) => job.spec!.template!.spec.containers[0]!.command)).toEqual([
      ['node', 'dist/apps/cli/src/main.js', 'migrate'],
    ]);
    expect(find(objects, 'ConfigMap')[0]!.data!.DATABASE_MIGRATE_ON_START).toBe('false');
  });

  it('wires only known variables: settings in the ConfigMap, secrets in the Secret', () => {
    const configKeys = find(objects, 'ConfigMap').flatMap((map) => Object.keys(map.data ?? {}));
    expect(configKeys.filter((name) => !isVariable(name) || isSecret(name))).toEqual([]);
    const secretKeys = find(objects, 'Secret').flatMap((secret) => Object.keys(secret.data ?? {}));
    expect(secretKeys.filter((name) => !isSecret(name))).toEqual([]);
    const envNames = containers(objects).flatMap(({ container }) => (container.env ?? []).map((env) => env.name));
    expect(envNames.filter((name) => !isVariable(name) && name !== 'NODE_OPTIONS')).toEqual([]);
  });
});

describe('deploy/kubernetes/overlays/production', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render('overlays/production');
  });

  it('lists every secret variable in secrets.env.example', () => {
    const listed = readFileSync(exampleSecrets, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')));
    expect(listed.sort()).toEqual(Object.keys(variables).filter(isSecret).sort());
  });

  it('points every envFrom at a ConfigMap or Secret it renders', () => {
    const names = (kind: string) => find(objects, kind).map((o) => o.metadata.name);
    for (const { container } of containers(objects)) {
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef) expect(names('ConfigMap')).toContain(source.configMapRef.name);
        if (source.secretRef) expect(names('Secret')).toContain(source.secretRef.name);
      }
    }
  });

  it("names the migration Job after the release's image tag, so it runs once per release", () => {
    const job = find(objects, 'Job')[0]!;
    const image = job.spec!.template!.spec.containers[0]!.image;
    const tag = image.slice(image.lastIndexOf(':') + 1);
    expect(job.metadata.name).toBe(`stagecraft-migrate-${tag.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    const images = containers(objects).map(({ container }) => container.image);
    expect(new Set(images)).toEqual(new Set([image]));
  });

  it('labels what the migration Job needs, so it can be applied first', () => {
    const step = (o: K8sObject) => o.metadata.labels?.['stagecraft.dev/release-step'];
    for (const kind of ['Namespace', 'ServiceAccount', 'ConfigMap', 'Secret', 'Job']) {
      expect({ kind, steps: find(objects, kind).map(step) }).toEqual({ kind, steps: ['migrate'] });
    }
  });
});
