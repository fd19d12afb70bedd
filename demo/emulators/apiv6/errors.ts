/**
 * APIv6 errors as the API writes them: a JSON body `{class, message}` and, for the
 * authentication layer, `errorCode` and `httpCode` too (the official clients branch on
 * `errorCode`: python-ovh raises InvalidKey, InvalidCredential, NotGrantedCall... from it).
 */

export interface ApiErrorBody {
  readonly class: string;
  readonly message: string;
  readonly errorCode?: string;
  readonly httpCode?: string;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

const CLASS_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Client::BadRequest',
  401: 'Client::Unauthorized',
  403: 'Client::Forbidden',
  404: 'Client::NotFound',
  413: 'Client::BadRequest',
  500: 'Server::InternalServerError',
};

export class ApiV6Error extends Error {
  readonly status: number;
  readonly errorCode: string | undefined;

  constructor(status: number, message: string, errorCode?: string) {
    super(message);
    this.name = 'ApiV6Error';
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The JSON body the API sends for this error. */
  body(): ApiErrorBody {
    const base = { class: CLASS_BY_STATUS[this.status] ?? 'Client::BadRequest', message: this.message };
    if (this.errorCode === undefined) return base;
    return {
      ...base,
      errorCode: this.errorCode,
      httpCode: `${this.status} ${STATUS_TEXT[this.status] ?? ''}`,
    };
  }
}

/** The errors the emulator answers with, in OVH's words. */
export const API_ERRORS = {
  invalidUrl: () => new ApiV6Error(404, 'Got an invalid (or empty) URL'),
  notFound: (param: string, value: string | number) =>
    new ApiV6Error(404, `The requested object (${param} = ${value}) does not exist`),
  badLong: (param: string, value: string) =>
    new ApiV6Error(400, `[${param}] Given data (${value}) is not valid for type long`),
  notAuthenticated: () => new ApiV6Error(401, 'You must login first'),
  invalidKey: () => new ApiV6Error(403, 'Invalid application key', 'INVALID_KEY'),
  invalidCredential: () => new ApiV6Error(403, 'This credential is not valid', 'INVALID_CREDENTIAL'),
  notGranted: () => new ApiV6Error(403, 'This call has not been granted', 'NOT_GRANTED_CALL'),
  outOfTime: () => new ApiV6Error(400, 'Query out of time', 'QUERY_TIME_OUT'),
  invalidSignature: () => new ApiV6Error(400, 'Invalid signature', 'INVALID_SIGNATURE'),
  bodyTooLarge: (limit: number) => new ApiV6Error(413, `Request body larger than ${limit} bytes`),
} as const;
