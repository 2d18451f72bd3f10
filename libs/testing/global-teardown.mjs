// Jest global teardown: stop the throwaway embedded PostgreSQL if the setup started one.

export default async function globalTeardown() {
  await globalThis.stagecraftTestPostgres?.stop();
}
