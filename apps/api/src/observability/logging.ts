import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { AsyncSlot } from '#shared-kernel';
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

/** The request being served, for every line logged while it runs (an AsyncSlot). */
const currentRequest = new AsyncSlot<{ id: string }>();

/** Runs `next` (the rest of the request's handling) as request `id`: every line it logs carries reqId. */
export function inRequest(id: string, next: () => void): void {
  currentRequest.run({ id }, next);
}

/**
 * The one line per request (pino-http's shape: req, res, responseTime), at info, or warn for 503
 * (a dependency is down, said once per request) and error for other 5xx (bugs: the filters log
 * the cause with its stack). Probes and scrapes get no line (the filters still log their
 * errors). No headers, no bodies: nothing secret can reach a line.
 */
export function accessLogger(root: Pino): (id: string, method: string, url: string, status: number, milliseconds: number) => void {
  return (id, method, url, status, milliseconds) => {
    if (QUIET_PATHS.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`))) return;
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : 'info';
    root[level]({ reqId: id, req: { id, method, url }, res: { statusCode: status }, responseTime: Math.round(milliseconds) }, `${method} ${url} ${status}`);
  };
}

type Level = 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's LoggerService on the root pino logger: every line carries its context (the class that
 * logs) and, while a request runs, the request's id (reqId). Nest calls `error(message, stack?,
 * context?)` and the others `(message, context?)`.
 */
export function nestLoggerOn(root: Pino): LoggerService {
  const at =
    (level: Level) =>
    (message: unknown, ...params: unknown[]) => {
      const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
      const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
      const reqId = currentRequest.getStore()?.id;
      const fields: Record<string, unknown> = {};
      if (reqId !== undefined) fields.reqId = reqId;
      if (context !== undefined) fields.context = context;
      if (stack !== undefined) fields.stack = stack;
      if (message instanceof Error) root[level]({ ...fields, err: message }, message.message);
      else if (typeof message === 'object' && message !== null) root[level]({ ...fields, ...(message as Record<string, unknown>) });
      else root[level](fields, String(message));
    };
  return { log: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), verbose: at('trace'), fatal: at('fatal') };
}
