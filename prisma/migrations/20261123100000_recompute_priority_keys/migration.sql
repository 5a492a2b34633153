-- Priority became a time-independent sort key (see lib/moderation/priority.ts):
-- recompute it for comments already waiting, from their latest score. Thread heat
-- and commenter history start at zero and are filled in by the next decision or import.
UPDATE "comment" c SET "priority" =
    0.45 * COALESCE(s.incivility, 0)
  + 0.25 * COALESCE(GREATEST(
      COALESCE((s.attributes->>'threat')::float8, 0) * 1,
      COALESCE((s.attributes->>'identityAttack')::float8, 0) * 0.9,
      COALESCE((s.attributes->>'insult')::float8, 0) * 0.6,
      COALESCE((s.attributes->>'profanity')::float8, 0) * 0.5,
      COALESCE((s.attributes->>'hostility')::float8, 0) * 0.4,
      COALESCE((s.attributes->>'shouting')::float8, 0) * 0.2), 0)
  - (0.1 / 24) * extract(epoch FROM COALESCE(c."flagged_at", now())) / 3600
FROM (
  SELECT DISTINCT ON ("comment_id") "comment_id", "incivility", "attributes"
  FROM "score" ORDER BY "comment_id", "scored_at" DESC
) s
WHERE s."comment_id" = c."id" AND c."mod_status" IN ('flagged', 'escalated');
