import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '#shared-kernel';

const TYPE_CHECKS = ['whitelistValidation', 'isArray', 'isString', 'isBoolean', 'isNumber', 'isInt', 'isObject', 'nestedValidation'];
/** C0 and C1 control characters (NUL, BEL, ESC, DEL, …): never part of a name, address or label. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Keys that would reach an object's prototype: unknown fields, whatever the DTO. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface FieldProblem {
  field: string;
  message: string;
}

function problems(errors: ValidationError[], unknownNoun: string, parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    // A wrong type explains more than the length or format rules that follow from it.
    const key = TYPE_CHECKS.find((k) => k in constraints) ?? Object.keys(constraints)[0];
    const own: FieldProblem[] = key
      ? [{ field, message: constraints[key]!.replace(/^property (\S+) should not exist$/, `unknown ${unknownNoun} "${field}"`) }]
      : [];
    return [...own, ...problems(error.children ?? [], unknownNoun, field)];
  });
}

function failed(list: FieldProblem[]): DomainError {
  const [first] = list;
  return new DomainError('VALIDATION_FAILED', first?.message ?? 'Invalid request', { field: first?.field, errors: list });
}

/**
 * A clean copy of parsed JSON (or a query): strings trimmed of surrounding whitespace; a control
 * character left inside, or a key that reaches a prototype, is a VALIDATION_FAILED naming the field.
 */
export function cleanInput(value: unknown, unknownNoun: string, path = ''): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim(); // a pasted trailing newline or tab is not worth a refusal
    if (CONTROL.test(trimmed)) throw failed([{ field: path, message: `${path || 'the value'} must not contain control characters` }]);
    return trimmed;
  }
  if (Array.isArray(value)) return value.map((item, i) => cleanInput(item, unknownNoun, path ? `${path}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key) || CONTROL.test(key)) throw failed([{ field, message: `unknown ${unknownNoun} "${field}"` }]);
      copy[key] = cleanInput(item, unknownNoun, field);
    }
    return copy;
  }
  return value;
}

function validationPipe(unknownNoun: string): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => failed(problems(errors, unknownNoun)),
  });
}

/**
 * Validates a JSON body against its DTO: the body must be an object, text is trimmed and free of
 * control characters, unknown fields are refused, and the problems are reported as a
 * VALIDATION_FAILED domain error (the first one as its message, all of them in `errors`), which
 * each surface's filter puts in its own envelope.
 */
@Injectable()
export class BodyValidationPipe implements PipeTransform {
  private readonly pipe = validationPipe('field');

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('VALIDATION_FAILED', 'The request body must be a JSON object');
    }
    return this.pipe.transform(cleanInput(value, 'field'), metadata);
  }
}

/**
 * Validates query parameters against their DTO. A parameter given twice is refused ("must be
 * given once") unless it is listed as repeatable; unknown parameters are refused.
 */
@Injectable()
export class QueryValidationPipe implements PipeTransform {
  private readonly pipe = validationPipe('query parameter');

  constructor(private readonly repeatable: readonly string[] = []) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const query = cleanInput(value ?? {}, 'query parameter') as Record<string, unknown>;
    const repeated = Object.keys(query).find((key) => Array.isArray(query[key]) && !this.repeatable.includes(key));
    if (repeated) throw failed([{ field: repeated, message: `The ${repeated} query parameter must be given once` }]);
    return this.pipe.transform(query, metadata);
  }
}

/** Path ids are positive 32-bit integers; anything else is "Invalid request parameters". */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
      const parameter = metadata.data ?? 'id';
      throw new DomainError('VALIDATION_FAILED', 'Invalid request parameters', { field: parameter, errors: [{ field: parameter, message: `${parameter} must be an integer from 1 to 2147483647` }] });
    }
    return id;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a UUID. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      const parameter = metadata.data ?? 'id';
      throw new DomainError('VALIDATION_FAILED', `${parameter} must be a UUID`, { field: parameter });
    }
    return value.toLowerCase();
  }
}
