// A minimal SMTP server on loopback that accepts every message and keeps it: just enough of
// the protocol (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for nodemailer.

import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The message as sent after DATA: headers, blank line, body (dot-unstuffed). */
  readonly data: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly received: readonly ReceivedMail[];
  close(): Promise<void>;
}

function serve(socket: Socket, received: ReceivedMail[]): void {
  let buffer = '';
  let from = '';
  let to: string[] = [];
  let data: string[] | undefined;
  const reply = (line: string): void => {
    socket.write(`${line}\r\n`);
  };

  const handle = (line: string): void => {
    if (data !== undefined) {
      if (line === '.') {
        received.push({ from, to, data: data.join('\r\n') });
        data = undefined;
        reply('250 2.0.0 Queued');
      } else {
        data.push(line.startsWith('..') ? line.slice(1) : line);
      }
      return;
    }
    const command = line.slice(0, 4).toUpperCase();
    if (command === 'EHLO' || command === 'HELO') reply('250 sink.test');
    else if (command === 'MAIL') {
      from = line.slice(line.indexOf(':') + 1).trim();
      to = [];
      reply('250 2.1.0 Ok');
    } else if (command === 'RCPT') {
      to.push(line.slice(line.indexOf(':') + 1).trim());
      reply('250 2.1.5 Ok');
    } else if (command === 'DATA') {
      data = [];
      reply('354 End data with <CR><LF>.<CR><LF>');
    } else if (command === 'RSET' || command === 'NOOP') reply('250 2.0.0 Ok');
    else if (command === 'QUIT') {
      reply('221 2.0.0 Bye');
      socket.end();
    } else reply('502 5.5.2 Command not recognized');
  };

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      handle(line);
    }
  });
  socket.on('error', () => undefined);
  reply('220 sink.test ESMTP');
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP sink did not bind a TCP port');
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
