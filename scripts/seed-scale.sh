#!/usr/bin/env bash
#! Scale data for the benchmarks (not used by the tests). Reads DATABASE_URL of a Merit database
#! that has the demo data (server running or not) and adds, in one transaction:
#!   - MERIT_SCALE_PEOPLE (10,000) employees to the demo organization, each enrolled in the demo's
#!     active AUC competition with MERIT_SCALE_ENTRIES (20) scored submissions: 200,000 in all,
#!     each storing a real, valid prediction file (a copy of a demo submission) so a new answer
#!     key can rescore them;
#!   - a closed recognition cycle with three criteria and one approved nomination (scores on
#!     every criterion, the decision recorded) for each of those people: 10,000 in all;
#!   - the audit rows the services write for all of it (about 240,000).
#! Derived data is left as the services leave it: the competition's standings are recomputed
#! with the same rule as src/competitions/standings.rs, and its counts; the nominees' running
#! totals as approving leaves them. Refuses to run twice on one database.
#! Prints what it made. Loopback only; about a minute.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name a Merit database with demo data}"
people=${MERIT_SCALE_PEOPLE:-10000}
entries=${MERIT_SCALE_ENTRIES:-20}
log() { printf '\033[1;34m[seed-scale]\033[0m %s\n' "$*"; }

psql_() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -X -q "$@"; }

if [ "$(psql_ -Atc "SELECT count(*) FROM users WHERE email = 'scale1@demo.test'")" != 0 ]; then
  log "this database already has the scale data (scale1@demo.test exists); nothing to do"
  exit 0
fi
log "adding $people people × $entries submissions and $people approved nominations"
start=$(date +%s)
psql_ -v people="$people" -v entries="$entries" <<'SQL'
BEGIN;
SELECT o.id AS org FROM organizations o JOIN users u ON u.organization_id = o.id
 WHERE u.email = 'admin@demo.test' \gset
SELECT id AS hr FROM users WHERE email = 'hr@demo.test' \gset
SELECT id AS admin FROM users WHERE email = 'admin@demo.test' \gset
SELECT c.id AS competition, (SELECT max(version) FROM competition_answer_keys k WHERE k.competition_id = c.id) AS version
  FROM competitions_now c
 WHERE c.organization_id = :'org' AND c.metric = 'auc' AND c.effective_status = 'active'
 ORDER BY c.created_at LIMIT 1 \gset
SELECT file_bytes AS sample_file, row_count AS sample_rows, size_bytes AS sample_size
  FROM competition_submissions
 WHERE competition_id = :'competition' AND status = 'scored' ORDER BY created_at LIMIT 1 \gset

CREATE TEMP TABLE scale_people ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, i FROM generate_series(1, :people) i;

INSERT INTO users (id, organization_id, email, display_name, password_hash, role, locale, stage_id)
SELECT p.id, :'org', format('scale%s@demo.test', p.i), format('Scale Person %s', p.i), NULL, 'employee', 'en',
       (SELECT id FROM stages s WHERE s.organization_id = :'org' AND s.number = 1 + p.i % 9)
  FROM scale_people p;

INSERT INTO competition_enrollments (organization_id, competition_id, user_id, enrolled_at)
SELECT :'org', :'competition', p.id, now() - interval '7 days' + p.i * interval '1 second'
  FROM scale_people p;

-- Scores between 0.55 and 0.95, spread over the last week; equal scores happen.
INSERT INTO competition_submissions (organization_id, competition_id, user_id, file_name, file_bytes, size_bytes,
                                     row_count, status, score, public_score, private_score, counts_toward_limit,
                                     answer_key_version, created_at, updated_at)
SELECT :'org', :'competition', p.id, format('predictions-%s.csv', e), :'sample_file'::bytea, :sample_size,
       :sample_rows, 'scored', s.overall, s.public, s.private, true, :version, t.at, t.at
  FROM scale_people p
 CROSS JOIN generate_series(1, :entries) e
 CROSS JOIN LATERAL (SELECT round((0.55 + 0.4 * random())::numeric, 4)::float8 AS overall,
                            round((0.55 + 0.4 * random())::numeric, 4)::float8 AS public,
                            round((0.55 + 0.4 * random())::numeric, 4)::float8 AS private) s
 CROSS JOIN LATERAL (SELECT now() - interval '6 days' + (p.i * :entries + e) * interval '2 seconds' AS at) t;

-- The standings, by the rule of src/competitions/standings.rs (AUC: higher is better).
DELETE FROM competition_standings WHERE competition_id = :'competition';
INSERT INTO competition_standings (competition_id, user_id, organization_id, public_score, public_order,
                                   public_at, private_score, private_order, private_at, entries)
SELECT :'competition', p.user_id, :'org', p.public_score, -p.public_score, p.created_at,
       q.private_score, -q.private_score, q.created_at, n.n
  FROM (SELECT DISTINCT ON (user_id) user_id, public_score, created_at FROM competition_submissions
         WHERE competition_id = :'competition' AND status = 'scored'
         ORDER BY user_id, -public_score, created_at, id) p
  JOIN (SELECT DISTINCT ON (user_id) user_id, private_score, created_at FROM competition_submissions
         WHERE competition_id = :'competition' AND status = 'scored'
         ORDER BY user_id, -private_score, created_at, id) q USING (user_id)
  JOIN (SELECT user_id, count(*) AS n FROM competition_submissions
         WHERE competition_id = :'competition' AND status = 'scored' GROUP BY user_id) n USING (user_id);

INSERT INTO competition_counts (competition_id, participants, on_board)
SELECT :'competition', (SELECT count(*) FROM competition_enrollments WHERE competition_id = :'competition'),
       (SELECT count(*) FROM competition_standings WHERE competition_id = :'competition')
ON CONFLICT (competition_id) DO UPDATE SET participants = EXCLUDED.participants, on_board = EXCLUDED.on_board,
                                           standings_version = competition_counts.standings_version + 1;

-- A closed cycle: HR nominated each person, an admin approved.
INSERT INTO nomination_cycles (organization_id, name, description, start_at, end_at, status, created_by)
VALUES (:'org', 'Scale Recognition', 'Benchmark data', now() - interval '30 days', now() - interval '1 day',
        'closed', :'hr')
RETURNING id AS cycle \gset
INSERT INTO nomination_criteria (organization_id, cycle_id, name, weight, position)
VALUES (:'org', :'cycle', 'Impact', 0.5, 0), (:'org', :'cycle', 'Collaboration', 0.3, 1),
       (:'org', :'cycle', 'Growth', 0.2, 2);
CREATE TEMP TABLE scale_nominations ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, p.id AS nominee, p.i FROM scale_people p;
CREATE TEMP TABLE scale_scores ON COMMIT DROP AS
SELECT n.id AS nomination_id, c.id AS criterion_id, c.weight, 1 + floor(random() * 5)::int AS score
  FROM scale_nominations n CROSS JOIN nomination_criteria c WHERE c.cycle_id = :'cycle';
-- The weighted score the service stores with a nomination (domain::nominations::weighted_score).
INSERT INTO nominations (id, organization_id, cycle_id, nominee_id, submitted_by, justification, status,
                         weighted_milli, created_at, updated_at)
SELECT n.id, :'org', :'cycle', n.nominee, :'hr', format('Benchmark nomination %s', n.i), 'approved',
       (SELECT (sum(s.weight * s.score) * 1000)::bigint FROM scale_scores s WHERE s.nomination_id = n.id),
       now() - interval '20 days', now() - interval '10 days'
  FROM scale_nominations n;
INSERT INTO nomination_scores (nomination_id, criterion_id, organization_id, score)
SELECT nomination_id, criterion_id, :'org', score FROM scale_scores;
INSERT INTO nomination_decisions (organization_id, nomination_id, actor_user_id, decision, decided_at)
SELECT :'org', n.id, :'admin', 'approve', now() - interval '10 days' FROM scale_nominations n;
-- The running totals, as approving adds to them (src/nominations/service/decide.rs, add_to_total).
INSERT INTO nomination_totals (cycle_id, nominee_id, organization_id, total, approved_count)
SELECT n.cycle_id, n.nominee_id, n.organization_id, sum(n.weighted_milli), count(*)
  FROM nominations n
 WHERE n.cycle_id = :'cycle' AND n.status = 'approved'
 GROUP BY n.cycle_id, n.nominee_id, n.organization_id;

-- The audit rows the services write for all of the above: people imported by an admin, each
-- enrollment and upload by its participant, each nomination by hr and its approval by an admin.
INSERT INTO audit_logs (id, organization_id, actor_user_id, action, entity_type, entity_id, payload, created_at)
SELECT gen_random_uuid(), :'org'::uuid, :'admin'::uuid, 'user.created', 'user', p.id,
       jsonb_build_object('email', format('scale%s@demo.test', p.i)), now() - interval '8 days'
  FROM scale_people p
UNION ALL
SELECT gen_random_uuid(), :'org'::uuid, e.user_id, 'competition.enroll', 'competition', e.competition_id, '{}'::jsonb, e.enrolled_at
  FROM competition_enrollments e JOIN scale_people p ON p.id = e.user_id
UNION ALL
SELECT gen_random_uuid(), :'org'::uuid, s.user_id, 'competition.submit', 'competition_submission', s.id,
       jsonb_build_object('competitionId', s.competition_id, 'fileName', s.file_name, 'publicScore', s.public_score),
       s.created_at
  FROM competition_submissions s JOIN scale_people p ON p.id = s.user_id
UNION ALL
SELECT gen_random_uuid(), :'org'::uuid, :'hr'::uuid, 'nomination.submitted', 'nomination', n.id,
       jsonb_build_object('cycle', :'cycle'), now() - interval '20 days'
  FROM scale_nominations n
UNION ALL
SELECT gen_random_uuid(), :'org'::uuid, :'admin'::uuid, 'nomination.approved', 'nomination', n.id, '{}'::jsonb, now() - interval '10 days'
  FROM scale_nominations n;
COMMIT;
ANALYZE;
SQL
log "done in $(($(date +%s) - start)) s:"
psql_ -At <<'SQL'
SELECT format('  %s people in the demo organization', count(*)) FROM users u
  JOIN users a ON a.organization_id = u.organization_id AND a.email = 'admin@demo.test';
SELECT format('  competition %s: %s participants, %s scored submissions, %s standings rows', c.slug,
              (SELECT count(*) FROM competition_enrollments e WHERE e.competition_id = c.id),
              (SELECT count(*) FROM competition_submissions s WHERE s.competition_id = c.id AND s.status = 'scored'),
              (SELECT count(*) FROM competition_standings s WHERE s.competition_id = c.id))
  FROM competitions c WHERE EXISTS (SELECT 1 FROM competition_enrollments e JOIN users u ON u.id = e.user_id
                                     WHERE e.competition_id = c.id AND u.email = 'scale1@demo.test');
SELECT format('  cycle "%s" (%s): %s approved nominations', y.name, y.status,
              (SELECT count(*) FROM nominations n WHERE n.cycle_id = y.id AND n.status = 'approved'))
  FROM nomination_cycles y WHERE y.name = 'Scale Recognition';
SELECT format('  %s audit rows in the demo organization', count(*)) FROM audit_logs a
  JOIN users u ON u.organization_id = a.organization_id AND u.email = 'admin@demo.test';
SQL
