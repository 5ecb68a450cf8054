import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance, Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, type ValidationArguments, ValidatorOptions } from 'class-validator';

import { DomainError, FieldError } from '../common/domain-error.js';
import { bodyNotAnObject } from './json-body.js';

/** Whitelist input and refuse unknown fields. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  // One message per field: the check nearest the property runs first (the type before the range).
  stopAtFirstError: true,
  validationError: { target: false, value: false },
};

/** Flattens class-validator's tree into `{ field: 'charges.3.cost_usd', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // An item of a nested array that is not an object (see NestedObjects) is named by its index.
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'nestedValidation' ? `${field} must be an object` : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * The API's pipe: as ValidationPipe; a request without a body to a route that reads one, and a
 * query parameter given twice, are refused by name.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A request with no body at all, to a route that reads one (an empty JSON body is `{}`).
    if (metadata.type === 'body' && value === undefined && this.toValidate(metadata)) {
      throw bodyNotAnObject();
    }
    if (metadata.type === 'query' && typeof value === 'object' && value !== null) {
      // No query parameter of this API is a list: `?page=1&page=2` would otherwise read as a
      // page that "must be an integer number".
      const repeated = Object.keys(value).filter((name) => Array.isArray((value as Record<string, unknown>)[name]));
      if (repeated.length > 0) {
        throw DomainError.validation(repeated.map((name) => ({ field: name, message: `${name} must be given once` })));
      }
    }
    return super.transform(value, metadata);
  }
}

/** Whitelists input, refuses unknown fields, transforms into DTO classes; errors name each field. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => DomainError.validation(flattenValidationErrors(errors)),
  });
}

/**
 * For an array of nested DTOs (with `@ValidateNested({ each: true })`): each object item becomes an
 * instance of `dto`, and anything else (a string, a number, an array, null) becomes null, which the
 * nested validation reports at its index as "must be an object" (`quotas.2`).
 */
export function NestedObjects<T extends object>(dto: ClassConstructor<T>): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((item: unknown) =>
          typeof item === 'object' && item !== null && !Array.isArray(item) ? plainToInstance(dto, item) : null,
        )
      : value,
  );
}

/**
 * A field that may be left out; null is a value like any other, which the field's checks judge
 * (class-validator's `@IsOptional()` would let null through as if the field were absent). Only
 * fields where null means something (an unlimited limit, a setting left unchanged) use
 * `@IsOptional()`, and the OpenAPI document marks exactly those nullable.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * At most `max` characters, counted as JSON Schema's `maxLength` counts them (code points).
 * class-validator's `@MaxLength()` leaves out variation selectors, so it would take a longer text.
 */
export const MaxChars = (max: number): PropertyDecorator =>
  ValidateBy({
    name: 'maxChars',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || [...value].length <= max,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must be at most ${max} characters long`,
    },
  });

/** Any control character (U+0000 to U+001F, U+007F): PostgreSQL text cannot hold NUL, nor a log line a newline. */
const isControl = (code: number) => code <= 0x1f || code === 0x7f;

/** A text without control characters. */
export const PlainText = (): PropertyDecorator =>
  ValidateBy({
    name: 'plainText',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || ![...value].some((char) => isControl(char.codePointAt(0)!)),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must not contain control characters`,
    },
  });
