import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module.js';
import { documentOperationalAnswers } from './common/operational-answers.js';
import { SurfaceExceptionFilter } from './common/surface-exception.filter.js';
import type { AppConfig } from './config.js';
import { openDatabase } from './database/database.module.js';
import { configureHttpPlatform, createHttpAdapter } from './http/http-platform.js';
import { accessLogger, createRootLogger, inRequest, nestLoggerOn, requestIdOf } from './observability/logging.js';
import { PrometheusTelemetry } from './observability/metrics.js';

/**
 * Builds the whole application (used by main.ts and by the end-to-end tests): opens the database
 * (connect, migrate) first, so an unreachable one is one clear error, then the Nest application.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logger?: LoggerService | false; rootLogger?: Pino } = {},
): Promise<INestApplication> {
  const dataSource = await openDatabase(databaseUrl);
  const rootLogger = options.rootLogger ?? createRootLogger(config);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, dataSource), createHttpAdapter(requestIdOf), {
      bodyParser: false,
      abortOnError: false, // errors reach the caller (main prints them in one line), never process.exit
      logger: options.logger ?? nestLoggerOn(rootLogger), // every line through pino, with the id of the request it belongs to
    });
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  const telemetry = app.get(PrometheusTelemetry);
  const accessLine = accessLogger(rootLogger);
  configureHttpPlatform(app, {
    enter: inRequest,
    answered: (a) => {
      telemetry.httpRequest(a.method, a.route, a.status, a.milliseconds / 1000);
      accessLine(a.id, a.method, a.url, a.status, a.milliseconds);
    },
  }, { rawBodies: { '/api/v1/dkim/sign': { type: 'message/rfc822', maxBytes: config.dkim.signMaxBytes } } });
  app.useGlobalFilters(new SurfaceExceptionFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sending-domain service')
      .setDescription(
        'Registers sending domains, tells you which DNS records to publish, verifies them and keeps each domain in a state machine.\n\n' +
          'Authenticate with `Authorization: Bearer <api key>`. Each operation names the permission it needs.',
      )
      .setVersion('1.0')
      .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'An API key (`sds_…`), opaque: not a JWT' })
      .addSecurity('vault', { type: 'apiKey', in: 'header', name: 'X-Vault-Token', description: 'An API key with DkimKeys_Export, as rspamd\'s Vault client sends it' })
      .build(),
  );
  SwaggerModule.setup('docs', app, documentOperationalAnswers(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}
