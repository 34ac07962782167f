import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LoggerService, RequestMethod } from '@nestjs/common';
import { type Params } from 'nestjs-pino';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config.js';

/** Request ids taken from X-Request-Id when they look like one; anything else gets a new UUID. */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** Paths whose every request would drown the log (probes and scrapes); their errors are still logged. */
const QUIET_PATHS = ['/health', '/metrics'];

/** Fields that may carry a secret, wherever a log call puts them. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'apiKey',
  'key',
  'password',
  'secret',
  '*.password',
  '*.secret',
];

/**
 * The service's one pino logger: JSON lines (LOG_FORMAT=json) or readable text (pino-pretty, as a
 * synchronous stream: no worker thread, nothing lost at exit), at LOG_LEVEL.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Pino {
  const options = loggerOptions(config);
  if (config.logFormat === 'json') return pino(options);
  const stream = pretty({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    messageFormat: '{if reqId}({reqId}) {end}{if context}[{context}] {end}{msg}{if responseTime} ({responseTime} ms){end}',
  });
  return pino(options, stream);
}

/** Level, redaction, ISO time and level names (not numbers) of every line. */
export function loggerOptions(config: Pick<AppConfig, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A request's id: its X-Request-Id when that looks like one, or else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** pino-http (through nestjs-pino): a request id on every line logged while a request runs, one line per request. */
export function loggerModuleParams(root: Pino): Params {
  return {
    // every path; nestjs-pino's default pattern ('{/*splat}') matches nothing on Fastify's middleware matcher
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
    pinoHttp: {
      logger: root,
      quietReqLogger: true, // lines logged during a request carry reqId, not the whole request again
      // the HTTP platform gives every request its id (requestIdOf); pino-http takes it from req.id
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.some((p) => req.url === p || req.url?.startsWith(`${p}/`) || req.url?.startsWith(`${p}?`)) },
      // 503: a dependency is down (said once per request, as a warning); other 5xx are bugs
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info'),
      // the filters log a failure's cause with its stack; the request's line needs no invented one
      customErrorObject: (_req: IncomingMessage, _res: ServerResponse, _error: Error, value: Record<string, unknown>) => {
        const { err: _err, ...rest } = value;
        return rest;
      },
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${req.url} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${req.url} ${res.statusCode}`,
      // no headers, no bodies: nothing secret can reach a line
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/** A Nest LoggerService on the root logger, for what is logged before the application exists. */
export function nestLoggerOn(root: Pino): LoggerService {
  const at =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal') =>
    (message: unknown, context?: string) =>
      root[level]({ context }, String(message));
  return { log: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), verbose: at('trace'), fatal: at('fatal') };
}
