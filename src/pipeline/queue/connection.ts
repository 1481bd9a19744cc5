/**
 * Redis connection for the distributed mode. BullMQ 6 loads no Redis driver of its own; ioredis is
 * the one it documents. Only redis:// URLs (host, port, password, db) are accepted, so that a typo
 * fails here with the option's name instead of hanging on a reconnect loop.
 */
import { Redis } from "ioredis";

export const DEFAULT_QUEUE_NAME = "nianbao-documents";

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
  return new Redis({ ...parseRedisUrl(url), maxRetriesPerRequest: null, lazyConnect: false });
}
