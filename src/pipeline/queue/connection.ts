/**
 * Redis connection for the distributed mode. BullMQ 6 loads no Redis driver of its own; ioredis is
 * the one it documents. Only redis:// URLs (host, port, password, db) are accepted, so that a typo
 * fails here with the option's name instead of hanging on a reconnect loop.
 */
import { Redis } from "ioredis";

export { DEFAULT_QUEUE_NAME } from "./defaults.js";

export function parseRedisUrl(url: string): { host: string; port: number; password?: string; db?: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--redis/--queue: not a URL: "${url}" (expected redis://host:port)`);
  }
  if (u.protocol !== "redis:") throw new Error(`--redis/--queue: expected a redis:// URL, got "${url}"`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
  };
}

/** A connection as BullMQ needs it: commands wait for a reconnect instead of failing (maxRetriesPerRequest null). */
export function redisConnection(url: string): Redis {
  const redis = new Redis({ ...parseRedisUrl(url), maxRetriesPerRequest: null, lazyConnect: false });
  // ioredis reconnects by itself and prints every failed attempt unless someone listens; a Redis
  // that never answers is reported once, by whenReachable.
  redis.on("error", () => undefined);
  return redis;
}

/** How long to wait for Redis at start before giving up with a message (ioredis itself retries forever). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Resolves with `ready`, or rejects naming the URL when Redis does not answer in time. */
export async function whenReachable<T>(ready: Promise<T>, url: string, ms = CONNECT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cannot reach Redis at ${url} within ${ms / 1000} s; is redis-server running there?`)), ms);
  });
  try {
    return await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
