import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schema from './adaptive-card-1.5.schema.json';

/**
 * The official Adaptive Cards 1.5 JSON schema (a copy of /work/shared/schemas/adaptive-card-1.5.json, from
 * adaptivecards.io). It is draft-06, so Ajv gets the draft-06 meta-schema, and its draft-06 `id` is handed
 * to Ajv 8 as `$id` (Ajv 8 refuses the old spelling); `strict: false` because the schema carries its own
 * annotation keywords (`version`, `features`).
 */
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats(ajv);
const { id, ...definitions } = schema;
const validate = ajv.compile({ $id: id, ...definitions });

/** The schema errors of a card, as readable lines (empty when the card is valid). */
export function schemaErrors(card: unknown): string[] {
  if (validate(card)) return [];
  // anyOf reports every branch it tried; the deepest paths point at the real problem.
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
