// Sequences written by hand, run before the random ones in every run of the model-based test. Random sequences find
// what no one thought of, but a short run (CI's, and mutation testing's four sequences per mutant) may never reach a
// branch that needs several steps in a row: an extension of a delivered assignment, an extension that waits for two
// approvers, a request that starts later, a stage that times out, an expiry on the policy's date. Each scenario walks
// one such path, and the model checks every step of it as it checks a random sequence.

import type fc from 'fast-check';
import {
  AddCommand,
  AdvanceCommand,
  CancelCommand,
  ChangeCommand,
  DecideCommand,
  DeleteRequestCommand,
  type ModelSide,
  type RealSide,
  ReprocessCommand,
  RoleScopeCommand,
} from './commands.js';
import type { WorldParams } from './world.js';

type Sequence = Array<fc.AsyncCommand<ModelSide, RealSide>>;

const world = (overrides: Partial<WorldParams> = {}): WorldParams => ({
  start: Date.UTC(2030, 2, 1, 9, 15, 30, 250),
  durationInDaysA: 30,
  timeoutDaysB: 3,
  justificationB: true,
  timeoutDaysC: [3, 5],
  approvalForExtensionC: true,
  expiresAfterDaysC: 60,
  ...overrides,
});

// DecideCommand picks among the requests awaiting a decision by `n % count` when `n % 5` is not 0: 6 picks the first.
const FIRST_AWAITING = 6;
const approve = (tenant = 0) => new DecideCommand(tenant, FIRST_AWAITING, undefined, true, true, false);
const deny = (tenant = 0) => new DecideCommand(tenant, FIRST_AWAITING, undefined, false, true, false);
const advance = (duration: string) => new AdvanceCommand(duration);
// Past any delivery delay the tests start stubs with (a minute at most).
const deliver = () => advance('PT1M');

/** The scenarios, each a world and a sequence, made afresh for each run (commands remember what they resolved to). */
export function scenarios(): Array<[WorldParams, Sequence]> {
  return [
    // A delivered assignment extended by its holder, then updated and removed by an administrator, then expired.
    [
      world(),
      [
        new AddCommand(0, 0, 0, 0, 'A', undefined),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, undefined, undefined),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, undefined, { duration: 'P7D' }),
        deliver(),
        new ChangeCommand(0, 'AdminUpdate', 0, undefined, { endInDays: 90 }),
        deliver(),
        // An end before the assignment's own: refused.
        new ChangeCommand(0, 'AdminUpdate', 0, undefined, { startInHours: 6, endInDays: 3 }),
        deliver(),
        advance('P31D'),
        advance('P31D'),
        advance('P30D'),
        new ChangeCommand(0, 'UserExtend', 0, undefined, undefined),
        advance('P1D'),
        new DeleteRequestCommand(0, 0),
      ],
    ],
    // An extension asked for while an earlier one waits, by someone else than the holder, and of a package whose
    // policy does not allow extensions; an administrator's direct assignment and its removal.
    [
      world({ durationInDaysA: 1 }),
      [
        new AddCommand(0, 1, 1, 0, 'A', undefined),
        new AddCommand(0, 'admin', 2, 0, 'D', undefined),
        new AddCommand(0, 3, 3, 1, 'B', undefined),
        deliver(),
        approve(),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, 2, undefined),
        new ChangeCommand(0, 'UserExtend', 0, undefined, { startInHours: 48, duration: 'P2W' }),
        new ChangeCommand(0, 'UserExtend', 2, undefined, undefined),
        new ChangeCommand(0, 'AdminRemove', 1, undefined, undefined),
        deliver(),
        // The assignment's end and the extension's later start in one clock move: the end comes first, and the
        // extension finds nothing to extend.
        advance('P3D'),
        new ReprocessCommand(0, 0),
        new ChangeCommand(0, 'UserRemove', 2, undefined, undefined),
        deliver(),
      ],
    ],
    // An administrator's update (which does not make an assignment extended), then an extension delivered in the same
    // clock move that passes the end it replaces (and not the new one): the assignment is still delivered after it.
    [
      world({ durationInDaysA: 1 }),
      [
        new AddCommand(0, 0, 0, 0, 'A', undefined),
        deliver(),
        new ChangeCommand(0, 'AdminUpdate', 0, undefined, { endInDays: 5 }),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, undefined, undefined),
        advance('P5D'),
        advance('P2D'),
      ],
    ],
    // A removal asked for just before the assignment ends and processed just after: nothing is left to remove.
    [
      world({ durationInDaysA: 1 }),
      [
        new AddCommand(0, 0, 0, 0, 'A', undefined),
        deliver(),
        advance('PT23H59M30S'),
        new ChangeCommand(0, 'UserRemove', 0, undefined, undefined),
        deliver(),
        advance('PT1M'),
      ],
    ],
    // An administrator's direct assignments under policies with approval (no one is asked), removed by their holder
    // and by an administrator.
    [
      world(),
      [
        new AddCommand(0, 'admin', 1, 2, 'C', undefined),
        new AddCommand(0, 'admin', 2, 1, 'B', undefined),
        deliver(),
        new ChangeCommand(0, 'UserRemove', 0, undefined, undefined),
        new ChangeCommand(0, 'AdminRemove', 1, undefined, undefined),
        deliver(),
        deliver(),
      ],
    ],
    // Requests that start later: one delivered when its start comes, one cancelled before it does, one whose end
    // comes before the start it asks for.
    [
      world(),
      [
        new AddCommand(0, 0, 0, 0, 'A', { startInHours: 6, duration: 'P1D' }),
        new AddCommand(0, 1, 1, 0, 'A', { startInHours: 48 }),
        new AddCommand(0, 3, 3, 1, 'B', { startInHours: 1, endInDays: -1 }),
        advance('PT1H'),
        new CancelCommand(0, 1, undefined),
        advance('PT1H'),
        advance('PT1H'),
        advance('P1D'),
        advance('P1D'),
        advance('P3D'),
      ],
    ],
    // Two stages with an extension that needs both approvers again; the policy's own end date.
    [
      world({ expiresAfterDaysC: 10 }),
      [
        new AddCommand(0, 1, 1, 2, 'C', undefined),
        deliver(),
        approve(),
        approve(),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, undefined, { duration: 'P7D' }),
        deliver(),
        approve(),
        advance('P1D'),
        approve(),
        deliver(),
        advance('P7D'),
        advance('P3D'),
        new AddCommand(0, 0, 0, 2, 'C', undefined),
        deliver(),
        approve(),
        approve(),
        deliver(),
      ],
    ],
    // The same, without approval for extensions, and no end: the extension goes straight through.
    [
      world({ approvalForExtensionC: false, expiresAfterDaysC: null }),
      [
        new AddCommand(0, 3, 3, 2, 'C', undefined),
        deliver(),
        approve(),
        approve(),
        deliver(),
        new ChangeCommand(0, 'UserExtend', 0, undefined, { endInDays: 45 }),
        deliver(),
        advance('P31D'),
        advance('P15D'),
      ],
    ],
    // Stages that time out, a denial, a first stage approved and a second left to time out, in two tenants at once.
    [
      world({ timeoutDaysC: [2, 4], timeoutDaysB: 2 }),
      [
        new AddCommand(0, 3, 3, 1, 'B', undefined),
        new AddCommand(1, 1, 1, 1, 'B', undefined),
        new AddCommand(0, 1, 1, 2, 'C', undefined),
        deliver(),
        deny(1),
        approve(0),
        advance('P1D'),
        advance('P1D'),
        new AddCommand(1, 0, 0, 2, 'C', undefined),
        deliver(),
        approve(1),
        advance('P3D'),
        advance('P1D'),
        advance('P1D'),
        new DeleteRequestCommand(0, 0),
      ],
    ],
    // Two packages granting the same role, one of them losing its role scope and the other expiring.
    [
      world({ durationInDaysA: 1 }),
      [
        new AddCommand(0, 0, 0, 0, 'A', undefined),
        new AddCommand(0, 0, 0, 1, 'B', undefined),
        deliver(),
        approve(),
        deliver(),
        new RoleScopeCommand(0, 1, 'G1:Member', false),
        advance('P1D'),
        advance('P7D'),
        new RoleScopeCommand(0, 1, 'G1:Member', true),
      ],
    ],
    // A start already passed is now: delivered at once. An update that starts the instant its assignment ends (with
    // a minute's delivery delay, the add is delivered a minute in, and the update asked for then starts 48 hours
    // later, when the two days end): the request comes before the expiry due at the same instant, so it extends the
    // assignment instead of failing on an expired one.
    [
      world(),
      [
        new AddCommand(0, 'admin', 2, 0, 'D', { startInHours: -1 }),
        new AddCommand(0, 0, 0, 0, 'A', { duration: 'P2D' }),
        deliver(),
        new ChangeCommand(0, 'AdminUpdate', 1, undefined, { startInHours: 48, endInDays: 5 }),
        deliver(),
        advance('P2D'),
        advance('P1D'),
        advance('P5D'),
      ],
    ],
  ];
}
