import { readFileSync } from 'node:fs';

/** The APIv6 schema excerpt (operations and models) as published by OVH, copied from the reference. */
interface SchemaProperty {
  readonly type: string;
  readonly canBeNull: boolean;
}

interface SchemaModel {
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
}

const SCHEMA = JSON.parse(readFileSync(new URL('./schema-excerpt.json', import.meta.url), 'utf8')) as {
  readonly models: Readonly<Record<string, SchemaModel>>;
  readonly operations: readonly {
    readonly path: string;
    readonly httpMethod: string;
    readonly responseType: string;
  }[];
};

export const OPERATIONS = SCHEMA.operations;

/**
 * Enums the excerpt references without defining, from the same generated models (only the
 * first values of the list; the emulator uses one of them).
 */
const EXTRA_MODELS: Readonly<Record<string, SchemaModel>> = {
  'dedicatedCloud.CommercialNameEnum': { enum: ['DC', 'DC-HDS', 'DC-NSX', 'SDDC', 'SDDC-HDS', 'SDDC-HIPAA'] },
};

function modelOf(name: string): SchemaModel | undefined {
  return SCHEMA.models[name] ?? EXTRA_MODELS[name];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarProblem(value: unknown, type: string): string | null | undefined {
  switch (type) {
    case 'long':
      return Number.isInteger(value) ? null : 'is not an integer';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'is not a number';
    case 'string':
    case 'password':
    case 'uuid':
    case 'datetime':
      return typeof value === 'string' ? null : 'is not a string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'is not a boolean';
    case 'map[string]string':
      return isRecord(value) && Object.values(value).every((v) => typeof v === 'string')
        ? null
        : 'is not a map';
    default:
      return undefined;
  }
}

function typeProblems(value: unknown, type: string, at: string): string[] {
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${at} is not an array`];
    return value.flatMap((item, i) => typeProblems(item, type.slice(0, -2), `${at}[${i}]`));
  }
  const scalar = scalarProblem(value, type);
  if (scalar !== undefined) return scalar === null ? [] : [`${at} ${scalar}`];
  const unit = /^complexType\.UnitAndValue<(\w+)>$/.exec(type);
  if (unit) {
    if (!isRecord(value) || typeof value.unit !== 'string') return [`${at} is not a UnitAndValue`];
    return typeProblems(value.value, unit[1] ?? '', `${at}.value`);
  }
  const model = modelOf(type);
  if (!model) return [`${at} has type ${type}, absent from the excerpt`];
  if (model.enum)
    return model.enum.includes(value as string) ? [] : [`${at} = ${String(value)} is not a ${type}`];
  return modelProblems(value, type, at);
}

/** Every way `value` departs from the schema model `name`: missing or extra fields, null where not allowed, types, enums. */
export function modelProblems(value: unknown, name: string, at = name): string[] {
  const model = modelOf(name);
  if (!model?.properties) return [`${name} is not a model of the excerpt`];
  if (!isRecord(value)) return [`${at} is not an object`];
  const expected = Object.keys(model.properties).sort();
  const actual = Object.keys(value).sort();
  const problems: string[] = [];
  for (const key of expected) if (!actual.includes(key)) problems.push(`${at}.${key} is missing`);
  for (const key of actual) if (!expected.includes(key)) problems.push(`${at}.${key} is not in the schema`);
  for (const [key, prop] of Object.entries(model.properties)) {
    if (!(key in value)) continue;
    const field = value[key];
    if (field === null) {
      if (!prop.canBeNull) problems.push(`${at}.${key} is null`);
      continue;
    }
    problems.push(...typeProblems(field, prop.type, `${at}.${key}`));
  }
  return problems;
}
