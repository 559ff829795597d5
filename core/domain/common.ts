import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Building blocks shared by every record. Identifiers are opaque strings chosen by the writer
 * (UUIDs in production, readable slugs in the demo seed), restricted so they are safe inside
 * Cosmos DB ids, SQLite keys and Temporal workflow ids alike.
 */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must start with a letter or digit and use only letters, digits, ".", "_", ":" or "-"');

/** A firm is one Entra ID tenant; its id is the tenant's GUID (or a readable id in local mode). */
export const TenantId = Id;

export const Email = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((value) => value.toLowerCase());

/** A client email domain such as `globex.com`; sub-domains of it match too. */
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as example.com');

/**
 * Zone validity is cached: luxon builds an Intl.DateTimeFormat per check (~90 µs), and every stored
 * person and contact is validated on each read. The set of zones is small and fixed per runtime.
 */
const zoneValidity = new Map<string, boolean>();
const isValidZone = (zone: string): boolean => {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 2000) zoneValidity.set(zone, valid);
  }
  return valid;
};

export const TimeZone = z.string().refine(isValidZone, { message: 'must be an IANA time zone such as Europe/London' });

/** The one form instants are kept in: UTC with milliseconds, as Date#toISOString writes it. */
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An instant: accepted as ISO-8601 with any offset (`Z`, `+01:00`, `-05:00`), kept in one canonical
 * form, UTC with milliseconds (digits past the millisecond are dropped).
 *
 * Why canonical: the stores' queries and the services compare and sort instants as strings (Cosmos DB
 * has no other way to compare them in a query). `09:00-05:00` is after `10:00Z`, but sorts before it; so
 * a meeting at 9 in New York would drop out of "next meeting" at 10 UTC, four hours early.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .transform((value) => (CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString()));

/** A calendar date without time (due dates, targets). */
export const CalendarDate = z.iso.date();

/** Wall-clock time of day, `HH:mm`, 24-hour. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm');

export const NonEmptyText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Fields every stored record carries. */
export const RecordBase = z.object({
  tenantId: TenantId,
  id: Id,
  createdAt: Instant,
  updatedAt: Instant,
});

/** Fields every record that lives inside one client account carries. */
export const AccountScoped = RecordBase.extend({ accountId: Id });
