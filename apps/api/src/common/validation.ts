import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '#shared-kernel';

const TYPE_CHECKS = ['whitelistValidation', 'isArray', 'isString', 'isBoolean', 'isNumber', 'isInt', 'nestedValidation'];

function firstMessage(errors: ValidationError[], parent = ''): string {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    // A wrong type explains more than the length or format rules that follow from it.
    const key = TYPE_CHECKS.find((k) => k in constraints) ?? Object.keys(constraints)[0];
    const message = key ? constraints[key] : undefined;
    if (message) return message.replace(/^property (\S+) should not exist$/, `unknown field "${path}"`);
    if (error.children?.length) return firstMessage(error.children, path);
  }
  return 'Invalid request body';
}

/**
 * Validates a JSON body against its DTO: the body must be an object, unknown fields are refused,
 * and the first problem is reported as a VALIDATION_FAILED domain error, which each surface's
 * filter puts in its own envelope.
 */
@Injectable()
export class BodyValidationPipe implements PipeTransform {
  private readonly pipe = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', firstMessage(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('VALIDATION_FAILED', 'The request body must be a JSON object');
    }
    return this.pipe.transform(value, metadata);
  }
}

/** Path ids are positive 32-bit integers; anything else is "Invalid request parameters". */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request parameters', { parameter: 'domainId' });
    }
    return id;
  }
}
