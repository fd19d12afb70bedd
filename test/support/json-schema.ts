import { Ajv, type ErrorObject } from 'ajv';

/**
 * A JSON Schema (draft-07) validator, independent of the code that wrote the schema or the data.
 * `strict: false` because third-party schemas (vega-lite's) use annotation keywords ajv does not
 * know; string formats (uri, color-hex) are not checked, ajv ships no checker for them.
 */
export function jsonSchemaValidator(schema: object): (data: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  return (data) => {
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}
