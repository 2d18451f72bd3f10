import { pino } from 'pino';
import { PinoNestLogger } from './logger.js';

function capture(): { logger: PinoNestLogger; lines: () => { level: number; context?: string; msg: string }[] } {
  const written: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void written.push(line) });
  return { logger: new PinoNestLogger(logger), lines: () => written.map((line) => JSON.parse(line)) };
}

describe('PinoNestLogger', () => {
  it.each(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer'])(
    "logs Nest's start-up chatter from %s at debug",
    (context) => {
      const { logger, lines } = capture();
      logger.log('AppModule dependencies initialized', context);
      expect(lines()).toEqual([expect.objectContaining({ level: 20, context })]);
    },
  );

  it('keeps everything else at info', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('Redis connection restored', 'Redis');
    expect(lines().map((line) => line.level)).toEqual([30, 30]);
  });
});
