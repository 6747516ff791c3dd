import { describe, expect, test } from 'vitest';
import type { Finding } from '../core/types.js';
import { parse } from '../parse/index.js';
import { applyExceptions, readExceptions } from './index.js';

const exception = (spec: string) =>
  parse(
    'policies/exceptions/falco.yaml',
    `apiVersion: tollgate.io/v1alpha1
kind: PolicyException
metadata:
  name: falco-privileged
spec:
${spec}`,
    'all',
  ).manifests;

const complete = `  policy: K8sDenyPrivileged
  target:
    environments: [prod]
    namespace: falco
    kind: DaemonSet
    name: falco
    container: falco
  reason: Falco reads kernel events through its driver
  owner: platform-security
  ticket: SEC-1042
  expires: 2026-12-31
`;

const finding = (over: Partial<Finding> = {}): Finding => ({
  env: 'prod',
  file: 'clusters/prod/falco.yaml',
  line: 20,
  source: 'policy',
  enforcementAction: 'deny',
  message: '[Implied by expand-workloads] container <falco> is privileged',
  kind: 'DaemonSet',
  namespace: 'falco',
  name: 'falco',
  policy: 'K8sDenyPrivileged',
  constraint: 'deny-privileged',
  ...over,
});

describe('readExceptions', () => {
  test('a complete exception is read', () => {
    const { exceptions, findings } = readExceptions(exception(complete));
    expect(findings).toEqual([]);
    expect(exceptions[0]).toMatchObject({
      name: 'falco-privileged',
      policy: 'K8sDenyPrivileged',
      environments: ['prod'],
      container: 'falco',
      expires: '2026-12-31',
    });
  });

  test.for([
    { name: 'no owner', drop: '  owner: platform-security\n', missing: 'owner' },
    {
      name: 'no reason',
      drop: '  reason: Falco reads kernel events through its driver\n',
      missing: 'reason',
    },
    { name: 'no expiry', drop: '  expires: 2026-12-31\n', missing: 'expires' },
  ])('$name is a deny finding, never applied', ({ drop, missing }) => {
    const { exceptions, findings } = readExceptions(exception(complete.replace(drop, '')));
    expect(exceptions).toEqual([]);
    expect(findings).toMatchObject([
      { enforcementAction: 'deny', file: 'policies/exceptions/falco.yaml', line: 5 },
    ]);
    expect(findings[0]?.message).toContain(missing);
  });
});

describe('applyExceptions', () => {
  const { exceptions } = readExceptions(exception(complete));

  test('waives exactly the named target and lists what it waived', () => {
    const other = finding({ name: 'falco-exporter' });
    const { findings, applied } = applyExceptions([finding(), other], exceptions, '2026-11-23', ['prod']);
    expect(findings).toEqual([other]);
    expect(applied).toMatchObject([
      { name: 'falco-privileged', owner: 'platform-security', ticket: 'SEC-1042', waived: [finding()] },
    ]);
  });

  test.for([
    { name: 'another environment', over: { env: 'stage' } },
    { name: 'another container', over: { message: 'container <driver-loader> is privileged' } },
    { name: 'another policy', over: { policy: 'K8sDenyHostPorts' } },
  ])('does not waive $name', ({ over }) => {
    const f = finding(over);
    const { findings } = applyExceptions([f], exceptions, '2026-11-23', ['prod', 'stage']);
    expect(findings).toContainEqual(f);
  });

  test('an expired exception waives nothing and is a deny finding', () => {
    const { findings, applied } = applyExceptions([finding()], exceptions, '2027-01-01', ['prod']);
    expect(applied).toEqual([]);
    expect(findings).toContainEqual(finding());
    expect(findings.find((f) => f.kind === 'PolicyException')).toMatchObject({
      enforcementAction: 'deny',
      message: expect.stringMatching(/expired on 2026-12-31/),
    });
  });

  test('an exception that matches nothing is a deny finding', () => {
    const { findings } = applyExceptions([], exceptions, '2026-11-23', ['prod']);
    expect(findings).toMatchObject([
      { enforcementAction: 'deny', message: expect.stringMatching(/matches no finding/) },
    ]);
  });
});
