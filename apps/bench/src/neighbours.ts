import { createDevToken } from '@accesspackage/server';
import { approvalPolicy } from '@accesspackage/server/testing';
import { type CellResult, LoadGenerator } from './load.js';
import { startTarget, TARGETS } from './targets.js';
import { PACKAGES } from './workloads.js';

// One tenant's worst case against another tenant's latency, on one stub: tenant A's approver sits at the bottom of
// `groups` nested groups and has `approvals` requests waiting (the approver inbox walks those groups), tenant B only
// reads a catalog. B's median latency is measured alone, then while A asks for its inbox as fast as it can, each
// load from its own process. What a team sharing a stub with a careless neighbour sees.

const EM = '/identityGovernance/entitlementManagement';
const INBOX = `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`;
const CATALOGS = `${EM}/accessPackageCatalogs?$top=1`;

export interface NeighboursOptions {
  groups: number;
  approvals: number;
  seconds: number;
  /** Tenant A's connections, all asking for the inbox at once. */
  connections: number;
  /** Tenant B's: one, a job going about its business, unless told otherwise. */
  neighbourConnections?: number;
  log?: (line: string) => void;
}

export interface NeighboursResult {
  options: Omit<NeighboursOptions, 'log'>;
  /** Tenant B alone. */
  idle: CellResult;
  /** Tenant B while tenant A asks for its inbox. */
  besideInbox: CellResult;
  /** Tenant A's inbox, meanwhile. */
  inbox: CellResult;
  /** How many approvals A's inbox held (it must hold them all). */
  inboxItems: number;
}

export const NEIGHBOURS_SMOKE: Omit<NeighboursOptions, 'log'> = {
  groups: 20,
  approvals: 8,
  seconds: 1,
  connections: 2,
};
export const NEIGHBOURS_FULL: Omit<NeighboursOptions, 'log'> = {
  groups: 800,
  approvals: 200,
  seconds: 10,
  connections: 4,
};

const SCOPES = ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'];

export async function runNeighbours(options: NeighboursOptions): Promise<NeighboursResult> {
  const log = options.log ?? (() => undefined);
  const [tenantA, tenantB] = [crypto.randomUUID(), crypto.randomUUID()];
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });
  const adminA = bearer(createDevToken({ tenantId: tenantA, scopes: SCOPES }));
  const readerB = bearer(createDevToken({ tenantId: tenantB }));
  const target = await startTarget(TARGETS.stub, CATALOGS, readerB);
  const [generatorA, generatorB] = [LoadGenerator.start(), LoadGenerator.start()];
  try {
    const api = async (headers: Record<string, string>, method: string, path: string, body?: object) => {
      const res = await fetch(`${target.apiBase}${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : undefined;
    };
    const user = async (name: string): Promise<string> =>
      (
        await api(adminA, 'POST', '/users', {
          accountEnabled: true,
          displayName: name,
          mailNickname: name,
          userPrincipalName: `${name}@contoso.onmicrosoft.com`,
          passwordProfile: { password: 'Contoso1234' },
        })
      ).id;
    const addMember = (group: string, member: string) =>
      api(adminA, 'POST', `/groups/${group}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${member}`,
      });

    log(`seeding tenant A: ${options.groups} nested groups, ${options.approvals} pending approvals`);
    const approver = await user('approver');
    let inner = approver;
    for (let i = 0; i < options.groups; i++) {
      const group = (
        await api(adminA, 'POST', '/groups', {
          displayName: `Level ${i}`,
          mailEnabled: false,
          mailNickname: `level${i}`,
          securityEnabled: true,
        })
      ).id;
      await addMember(group, inner);
      inner = group;
    }
    const catalogId = (await api(adminA, 'GET', `${EM}/accessPackageCatalogs?$filter=displayName eq 'General'`))
      .value[0].id;
    const accessPackageId = (await api(adminA, 'POST', PACKAGES, { catalogId, displayName: 'Approved' })).id;
    const assignmentPolicyId = (
      await api(
        adminA,
        'POST',
        `${EM}/accessPackageAssignmentPolicies`,
        // The approver is a member of the outermost group through every level.
        approvalPolicy(accessPackageId, [{ '@odata.type': '#microsoft.graph.groupMembers', id: inner }]),
      )
    ).id;
    for (let i = 0; i < options.approvals; i++) {
      const requestor = await user(`requestor${i}`);
      const own = bearer(createDevToken({ tenantId: tenantA, claims: { oid: requestor } }));
      await api(own, 'POST', `${EM}/accessPackageAssignmentRequests`, {
        requestType: 'UserAdd',
        accessPackageAssignment: { assignmentPolicyId, accessPackageId },
      });
    }
    const approverToken = bearer(createDevToken({ tenantId: tenantA, claims: { oid: approver } }));
    // The requests go to approval once delivered (a few hundred milliseconds); the inbox must then hold them all.
    let inboxItems = 0;
    for (let i = 0; i < 100 && inboxItems < options.approvals; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      inboxItems = (await api(approverToken, 'GET', INBOX)).value.length;
    }

    const cell = (headers: Record<string, string>, path: string, seconds: number, connections: number) => ({
      url: `${target.apiBase}${path}`,
      method: 'GET' as const,
      headers,
      connections,
      seconds,
    });
    const neighbour = options.neighbourConnections ?? 1;
    log(`tenant B alone, ${options.seconds} s`);
    const idle = await generatorB.run(cell(readerB, CATALOGS, options.seconds, neighbour));
    log(`tenant B beside tenant A's inbox, ${options.seconds} s`);
    // A starts first and runs a little longer, so that B is measured under A's load from its first request to its last.
    const inboxRun = generatorA.run(cell(approverToken, INBOX, options.seconds + 1, options.connections));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const besideInbox = await generatorB.run(cell(readerB, CATALOGS, options.seconds, neighbour));
    const inbox = await inboxRun;
    const { log: _log, ...shown } = options;
    return { options: shown, idle, besideInbox, inbox, inboxItems };
  } finally {
    generatorA.close();
    generatorB.close();
    await target.stop();
  }
}

/** The result as a table, with B's median beside A's inbox as a difference from B alone. */
export function formatNeighbours(result: NeighboursResult): string {
  const { options, idle, besideInbox, inbox } = result;
  const ms = (value: number) => value.toFixed(2);
  return [
    `One tenant's worst-case approver inbox (${options.groups} nested groups, ${result.inboxItems} pending approvals; ${options.connections} connections) beside another tenant's reads (${options.neighbourConnections ?? 1} connection), ${options.seconds} s:`,
    '',
    '| load | answers/s | p50 ms | p99 ms | failed |',
    '|---|---|---|---|---|',
    `| tenant B alone | ${idle.rps.toFixed(0)} | ${ms(idle.p50Ms)} | ${ms(idle.p99Ms)} | ${idle.failed} |`,
    `| tenant B beside A's inbox | ${besideInbox.rps.toFixed(0)} | ${ms(besideInbox.p50Ms)} | ${ms(besideInbox.p99Ms)} | ${besideInbox.failed} |`,
    `| tenant A's inbox | ${inbox.rps.toFixed(0)} | ${ms(inbox.p50Ms)} | ${ms(inbox.p99Ms)} | ${inbox.failed} |`,
    '',
    `Tenant B's median moved by ${ms(besideInbox.p50Ms - idle.p50Ms)} ms beside the inbox.`,
  ].join('\n');
}
