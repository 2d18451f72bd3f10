// Stops the API under test and drops its database.
import { stopServer } from './server';

export default async function globalTeardown(): Promise<void> {
  await stopServer();
}
