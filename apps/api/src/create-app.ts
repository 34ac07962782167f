import type { INestApplication, LogLevel } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { SurfaceExceptionFilter } from './common/surface-exception.filter.js';
import type { AppConfig } from './config.js';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

/** Builds the whole application (used by main.ts and by the end-to-end tests). */
export async function createApp(config: AppConfig, databaseUrl: string, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: options.logger ?? new ConsoleLogger({ json: config.logFormat === 'json', logLevels: LEVELS[config.logLevel] }),
  });
  app.useBodyParser('json', { limit: '100kb' });
  app.useGlobalFilters(new SurfaceExceptionFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sending-domain service')
      .setDescription(
        'Registers sending domains, tells you which DNS records to publish, verifies them and keeps each domain in a state machine.\n\n' +
          'Authenticate with `Authorization: Bearer <api key>`. Each operation names the permission it needs.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
