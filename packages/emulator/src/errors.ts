/**
 * OData errors as the Dataverse Web API returns them: an HTTP status and a body of the form
 * `{"error":{"code":"0x…","message":"…"}}`.
 *
 * @module
 */

/**
 * Error codes the emulator uses, named after the Dataverse error they stand for.
 *
 * @example
 * ```ts
 * new ODataError(404, ERROR_CODES.notFound, 'Missing');
 * ```
 */
export const ERROR_CODES = Object.freeze({
  /** `ObjectDoesNotExist`: the record is missing. */
  notFound: '0x80040217',
  /** `DuplicateRecord`: a record with the same key exists. */
  duplicate: '0x80040237',
  /** `ConcurrencyVersionMismatch`: stale `If-Match`. */
  versionMismatch: '0x80060882',
  /** Attribute validation (length, range). */
  validation: '0x80044331',
  /** Malformed payload or query. */
  badRequest: '0x80048d19',
  /** Unknown property or segment in a URL. */
  unknownProperty: '0x80060888',
  /** Business rule refused by the service (`ISVAborted`). */
  refused: '0x80040265',
  /** Status transition not allowed. */
  invalidTransition: '0x80040203',
  /** Missing or rejected token. */
  unauthorized: '0x80072560',
  /** Requests exceeded the service-protection limit. */
  throttled: '0x80072322',
  /** Service unavailable. */
  unavailable: '0x80040216',
  /** Method not allowed on this resource. */
  methodNotAllowed: '0x80060888',
  /** Request body too large. */
  tooLarge: '0x80040216',
  /** Unexpected server failure. */
  internal: '0x80040216',
  /** Feature not implemented by the emulator. */
  notImplemented: '0x8006088a',
});

/**
 * An error the emulator answers with an OData error body.
 *
 * @example
 * ```ts
 * throw new ODataError(404, ERROR_CODES.notFound, "Entity 'msdyncrm_customerjourney' With Id = … Does Not Exist");
 * ```
 */
export class ODataError extends Error {
  /** HTTP status code of the response. */
  readonly status: number;
  /** The `error.code` of the body. */
  readonly code: string;
  /** Extra response headers (for example `Retry-After`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'ODataError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /**
   * The JSON body of the response.
   *
   * @example
   * ```ts
   * new ODataError(400, '0x80048d19', 'Bad').toBody(); // { error: { code: '0x80048d19', message: 'Bad' } }
   * ```
   */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * A 400 answer: a bad argument, payload or query.
 *
 * @example
 * ```ts
 * throw badRequest('Invalid $top value.');
 * ```
 */
export function badRequest(message: string, code: string = ERROR_CODES.badRequest): ODataError {
  return new ODataError(400, code, message);
}

/**
 * The 404 answer for a missing record, worded like Dataverse.
 *
 * @example
 * ```ts
 * throw recordNotFound('msdyncrm_customerjourney', '6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
 * ```
 */
export function recordNotFound(logicalName: string, id: string): ODataError {
  return new ODataError(404, ERROR_CODES.notFound, `Entity '${logicalName}' With Id = ${id} Does Not Exist`);
}

/**
 * The 404 answer for a URL the service does not know.
 *
 * @example
 * ```ts
 * throw resourceNotFound('accounts');
 * ```
 */
export function resourceNotFound(segment: string): ODataError {
  return new ODataError(404, ERROR_CODES.unknownProperty, `Resource not found for the segment '${segment}'.`);
}

/**
 * The 405 answer for a method the resource does not support.
 *
 * @example
 * ```ts
 * throw methodNotAllowed('PUT', 'msdyncrm_customerjourneys');
 * ```
 */
export function methodNotAllowed(method: string, resource: string): ODataError {
  return new ODataError(
    405,
    ERROR_CODES.methodNotAllowed,
    `The HTTP method '${method}' is not allowed for the resource '${resource}'.`,
  );
}

/**
 * The 412 answer when `If-None-Match: *` or a create meets an existing record.
 *
 * @example
 * ```ts
 * throw duplicateRecord();
 * ```
 */
export function duplicateRecord(): ODataError {
  return new ODataError(412, ERROR_CODES.duplicate, 'A record with matching key values already exists.');
}

/**
 * The 412 answer when `If-Match` carries a stale ETag.
 *
 * @example
 * ```ts
 * throw versionMismatch();
 * ```
 */
export function versionMismatch(): ODataError {
  return new ODataError(
    412,
    ERROR_CODES.versionMismatch,
    "The version of the existing record doesn't match the RowVersion property provided.",
  );
}

/**
 * Serializes an error body; never includes anything but the code and message.
 *
 * @example
 * ```ts
 * errorBodyText(new ODataError(404, '0x80040217', 'Missing')); // '{"error":{"code":"0x80040217","message":"Missing"}}'
 * ```
 */
export function errorBodyText(error: ODataError): string {
  return JSON.stringify(error.toBody());
}
