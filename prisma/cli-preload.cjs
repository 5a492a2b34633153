// Preloaded into Prisma CLI runs (NODE_OPTIONS=-r ./prisma/cli-preload.cjs).
// 1. The wasm schema engine reads Postgres `name`/`char` catalog columns (OIDs 19/18)
//    that @prisma/adapter-pg refuses (prisma/orm#27403): report them as text (25).
// 2. The engine leaves long timers pending, so the CLI would hang ~60 s after
//    finishing: long timers must not keep the process alive.
const pg = require("pg");

function patchQuery(proto) {
  const original = proto.query;
  if (original.__textCatalogTypes) return;
  proto.query = function patchedQuery(...args) {
    const result = original.apply(this, args);
    if (result && typeof result.then === "function") {
      return result.then((res) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
        }
        return res;
      });
    }
    return result;
  };
  proto.query.__textCatalogTypes = true;
}
patchQuery(pg.Client.prototype);
patchQuery(pg.Pool.prototype);

const realSetTimeout = global.setTimeout;
global.setTimeout = function unrefLongTimers(fn, ms, ...rest) {
  const timer = realSetTimeout(fn, ms, ...rest);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
