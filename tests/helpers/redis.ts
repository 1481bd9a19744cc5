/**
 * A real redis-server (the Debian package; CI installs it in .ci/run) on a free loopback port, in
 * a temp folder, without persistence. Started and stopped by the test that needs it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  /** Stops the server and starts a new one on the same port, empty (no persistence). */
  restart(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (the OS picks it; redis binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), "nianbao-redis-"));
  const port = await freePort();
  let child = await spawnRedis(port, dir);
  const stopChild = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    },
    // Without persistence, a restarted server has forgotten every key (the queue and its jobs).
    async restart() {
      await stopChild();
      child = await spawnRedis(port, dir);
    },
  };
}

async function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}:\n${out}`)), 10_000);
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${out}`));
    });
  });
  child.removeAllListeners("exit");
  return child;
}
