import type { RequestSchedule } from '@accesspackage/types';
import { addDuration } from '../../graph/clock.js';
import { GraphHttpError } from '../../graph/http-error.js';
import { graphTimestamp, isGraphInstant } from '../../graph/timestamps.js';
import type { StoredPolicy } from '../../store/entities.js';
import type { StoredAssignment } from './keys.js';

/**
 * An assignment's schedule from its policy, starting `start`: `afterDuration` for `durationInDays`,
 * `afterDateTime` for an `expirationDateTime`, else `noExpiration`. A request's own `expiration` (an
 * administrator's choice) wins over the policy's. Undefined when its end is no date Graph can write (past 9999).
 */
export function scheduleOf(
  policy: StoredPolicy | undefined,
  start: Date,
  requested?: RequestSchedule | null,
): RequestSchedule | undefined {
  const startDateTime = graphTimestamp(start);
  const asked = requested?.expiration;
  const ending = (type: 'afterDateTime' | 'afterDuration', end: Date | undefined, duration: string | null) =>
    end && isGraphInstant(end.getTime())
      ? { startDateTime, recurrence: null, expiration: { type, endDateTime: graphTimestamp(end), duration } }
      : undefined;
  if (asked?.endDateTime) return ending('afterDateTime', new Date(asked.endDateTime), null);
  if (asked?.duration) return ending('afterDuration', addDuration(start, asked.duration), asked.duration);
  // A policy is there when asked: it cannot be deleted while it has open requests or assignments (409).
  // Stryker disable next-line OptionalChaining: as said.
  const days = Number(policy?.durationInDays ?? 0);
  if (days > 0) return ending('afterDuration', addDuration(start, `P${days}D`), `P${days}D`);
  // Stryker disable next-line OptionalChaining: as said.
  if (typeof policy?.expirationDateTime === 'string') {
    return ending('afterDateTime', new Date(policy.expirationDateTime), null);
  }
  return { startDateTime, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } };
}

/**
 * A schedule as a delivered assignment shows it: a finite end as `afterDateTime` with its `endDateTime` (and no
 * duration), however it was asked for, as Graph's assignments read in its examples.
 */
export function asDelivered(schedule: RequestSchedule): RequestSchedule {
  // Stryker disable next-line OptionalChaining: it is always scheduleOf's, which names an expiration.
  const endDateTime = schedule.expiration?.endDateTime;
  if (!endDateTime) return schedule;
  return { ...schedule, expiration: { type: 'afterDateTime', endDateTime, duration: null } };
}

const invalidSchedule = (target: string, message: string) =>
  new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [{ code: 'InvalidModel', target, message }]);

/** The start a request asked for, if any. */
export const askedStart = (asked: RequestSchedule | null | undefined): number | undefined =>
  asked?.startDateTime ? Date.parse(asked.startDateTime) : undefined;

/** Refuses, with 400 InvalidModel, a start that is no date Graph can write (past 9999-12-31). */
export function checkStart(asked: RequestSchedule | null | undefined): void {
  const start = askedStart(asked);
  // Stryker disable next-line all: belts and braces. A date past 9999 has a year of five digits, which the contract's
  // date-time format refuses (400) before any handler runs; the check keeps callers that skip the validator honest.
  if (start !== undefined && !isGraphInstant(start)) {
    // Stryker disable next-line all: as above.
    throw invalidSchedule('schedule.startDateTime', 'The start is no date Graph can write (it ends at 9999-12-31).');
  }
}

/**
 * Refuses, with 400 InvalidModel, a schedule that cannot be honoured when the request is processed at `from` (for an
 * extension, from the assignment's current end): a date Graph cannot write (past 9999-12-31, however it is reached), or
 * an end that is not after the start. Checked before anything is stored, so a request never fails on it later.
 */
export function checkSchedule(policy: StoredPolicy | undefined, from: Date, asked: RequestSchedule | null | undefined) {
  checkStart(asked);
  const end = asked?.expiration?.endDateTime;
  // Stryker disable all: as in checkStart, the contract's date-time format refuses such an end first.
  if (end && !isGraphInstant(Date.parse(end))) {
    throw invalidSchedule(
      'schedule.expiration.endDateTime',
      'The end is no date Graph can write (it ends at 9999-12-31).',
    );
  }
  // Stryker restore all
  const at = new Date(Math.max(from.getTime(), askedStart(asked) ?? from.getTime()));
  const projected = scheduleOf(policy, at, asked);
  if (!projected) {
    throw invalidSchedule(
      asked?.expiration?.duration ? 'schedule.expiration.duration' : 'schedule',
      `The assignment would end after 9999-12-31, the last day Graph can write${asked?.expiration?.duration ? `: shorten the duration '${asked.expiration.duration}'` : ''}.`,
    );
  }
  const ends = projected.expiration?.endDateTime;
  if (ends && Date.parse(ends) <= at.getTime()) {
    throw invalidSchedule(
      asked?.expiration?.duration ? 'schedule.expiration.duration' : 'schedule.expiration.endDateTime',
      `The assignment would end (${ends}) no later than it starts (${graphTimestamp(at)}).`,
    );
  }
}

/** When an assignment ends, if it does. */
export const endOf = (assignment: StoredAssignment): number | undefined => {
  // Stryker disable next-line OptionalChaining: a stored assignment's schedule is asDelivered's, with its expiration.
  const end = assignment.schedule?.expiration?.endDateTime;
  return end ? Date.parse(end) : undefined;
};

/** When an assignment expires: at its end, or at once if it ended before it started (an end asked for long ago). */
export const expiryOf = (assignment: StoredAssignment): number | undefined => {
  const end = endOf(assignment);
  // Stryker disable next-line StringLiteral,OptionalChaining: a delivered assignment always has its start.
  return end === undefined ? undefined : Math.max(end, Date.parse(assignment.schedule?.startDateTime ?? '') || end);
};
