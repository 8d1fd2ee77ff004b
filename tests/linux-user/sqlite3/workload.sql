-- SQLite workload for tests/linux-user/sqlite3.sh: its output must not depend on
-- the architecture (no long double: printf %! differs between x87 and
-- PowerPC double-double), on time or on randomness.
.headers on
.mode list
-- floats and printf
SELECT 1.0/3.0, 2.5e300*4, -0.0, 1e-310, printf('%.17g', 0.1), printf('%10.4f|%-8d|%x|%e', 3.14159265358979, 42, 255, 12345.6789);
SELECT printf('%.30f', 1.0/7.0), round(2.5), round(-2.5), round(1234.5678, 2);
SELECT 9223372036854775807 + 0, -9223372036854775808, 9223372036854775807 * 2, 7 / 2, 7 % 3, -7 / 2, -7 % 3;
SELECT CAST('3.5e10' AS REAL), CAST(1e20 AS INTEGER), CAST(-1e20 AS INTEGER), CAST('0x1F' AS INTEGER), 0x7fffffff + 1;
SELECT sqrt(2), exp(1), ln(10), log10(1000), pow(2, 0.5), sin(1), cos(1), atan2(1, 2), ceil(-1.5), floor(-1.5), pi();
SELECT total(x), sum(x), avg(x), min(x), max(x) FROM (SELECT 0.1 AS x UNION ALL SELECT 0.2 UNION ALL SELECT 0.3);
-- strftime
SELECT strftime('%Y-%m-%d %H:%M:%S', '2024-02-29 13:45:10'), strftime('%j %w %s', '2000-01-01'), julianday('2024-03-01') - julianday('2024-02-01');
SELECT date('2024-01-31', '+1 month'), datetime(1700000000, 'unixepoch'), strftime('%f', '2020-01-01 00:00:01.234'), time('12:00', '-90 minutes');
-- recursive CTE
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n+1, b, a+b FROM fib WHERE n < 90) SELECT n, a FROM fib WHERE n % 15 = 0;
WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM cnt WHERE x < 100000) SELECT count(*), sum(x), sum(x*x), total(1.0/x) FROM cnt;
WITH RECURSIVE
  xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x+0.05 FROM xaxis WHERE x<1.2),
  yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y+0.1 FROM yaxis WHERE y<1.0),
  m(iter, cx, cy, x, y) AS (
    SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis
    UNION ALL
    SELECT iter+1, cx, cy, x*x-y*y + cx, 2.0*x*y + cy FROM m
     WHERE (x*x + y*y) < 4.0 AND iter<28
  ),
  m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
  a(t) AS (SELECT group_concat( substr(' .+*#', 1+min(iter/7,4), 1), '') FROM m2 GROUP BY cy)
SELECT group_concat(rtrim(t),x'0a') FROM a;
-- JSON
SELECT json('{"a": [1, 2.5, "x", null, true], "b": {"c": -1e10}}');
SELECT json_extract('{"a": [1, 2.5, "x"]}', '$.a[1]'), json_array_length('[1,2,3,[4,5]]'), json_type('{"x":1.5}', '$.x');
SELECT json_group_array(x), json_group_object('k' || x, x * 1.5) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3);
SELECT key, value, type FROM json_each('{"one":1,"two":[2,2.0],"three":"3","four":null}');
SELECT fullkey, atom FROM json_tree('{"a":{"b":[10,20,{"c":30}]}}') WHERE atom IS NOT NULL;
SELECT json_set('{"a":1}', '$.b', 3.25, '$.c[#]', 'z'), json_patch('{"a":1,"b":2}', '{"b":null,"c":3}');
-- tables, window functions
CREATE TABLE t(id INTEGER PRIMARY KEY, grp TEXT, val REAL, name TEXT);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 2000)
INSERT INTO t SELECT i, char(65 + (i*7) % 5), ((i * 2654435761) % 1000003) / 997.0, hex(i*i) FROM c;
CREATE INDEX t_grp ON t(grp, val);
SELECT grp, count(*), printf('%.6f', sum(val)), printf('%.6f', avg(val)), min(name), max(name) FROM t GROUP BY grp ORDER BY grp;
SELECT id, grp, printf('%.4f', val), rank() OVER w, dense_rank() OVER w, row_number() OVER w, printf('%.4f', sum(val) OVER (PARTITION BY grp ORDER BY val ROWS BETWEEN 2 PRECEDING AND CURRENT ROW))
  FROM t WINDOW w AS (PARTITION BY grp ORDER BY val DESC) ORDER BY grp, val DESC LIMIT 12;
SELECT grp, id, lag(id, 1, -1) OVER (PARTITION BY grp ORDER BY id), lead(id) OVER (PARTITION BY grp ORDER BY id), ntile(4) OVER (PARTITION BY grp ORDER BY id), printf('%.5f', percent_rank() OVER (PARTITION BY grp ORDER BY id)), printf('%.5f', cume_dist() OVER (PARTITION BY grp ORDER BY id)) FROM t WHERE id % 97 = 0 ORDER BY grp, id;
SELECT first_value(id) OVER (ORDER BY val), last_value(id) OVER (ORDER BY val ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), nth_value(id, 3) OVER (ORDER BY val) FROM t ORDER BY val LIMIT 5;
-- large sort
CREATE TABLE big(k INTEGER, s TEXT, r REAL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 200000)
INSERT INTO big SELECT (i * 1103515245 + 12345) % 2147483648, printf('%08x-%d', (i * 2654435761) % 4294967296, i % 1000), i * 0.001 + (i % 7) / 3.0 FROM c;
SELECT count(*), count(DISTINCT k), min(k), max(k), printf('%.6f', sum(r)) FROM big;
SELECT k, s FROM big ORDER BY s DESC, k LIMIT 5;
SELECT k FROM big ORDER BY k LIMIT 3 OFFSET 100000;
SELECT substr(s, 1, 2) AS p, count(*), printf('%.3f', avg(r)) FROM big GROUP BY p ORDER BY count(*) DESC, p LIMIT 5;
CREATE INDEX big_s ON big(s);
SELECT count(*) FROM big WHERE s BETWEEN '10000000' AND '20000000';
SELECT group_concat(k, ',') FROM (SELECT k FROM big ORDER BY r DESC, k LIMIT 8);
-- strings, blobs, like/glob, collation
SELECT upper('hello wörld'), lower('ÀBC'), length('wörld'), length(x'00ff'), hex('abc'), quote(x'DEADBEEF'), instr('banana', 'nan'), replace('aaaa', 'aa', 'b'), trim('  x  '), unicode('€'), char(8364);
SELECT 'abc' LIKE 'A%', 'abc' GLOB 'A*', 'abc' < 'abd' COLLATE NOCASE, substr('hello', -3, 2), zeroblob(4), typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL);
-- transactions, savepoints, triggers, views
CREATE TABLE log(msg TEXT);
CREATE TRIGGER trg AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('upd ' || old.id || '->' || printf('%.2f', new.val)); END;
BEGIN; UPDATE t SET val = val * 2 WHERE id < 4; SAVEPOINT sp; DELETE FROM t; ROLLBACK TO sp; COMMIT;
SELECT * FROM log; SELECT count(*) FROM t;
CREATE VIEW v AS SELECT grp, max(val) AS mv FROM t GROUP BY grp;
SELECT grp, printf('%.4f', mv) FROM v ORDER BY mv DESC;
-- upsert, returning, generated columns, strict
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER, twice INTEGER GENERATED ALWAYS AS (v*2)) STRICT;
INSERT INTO kv VALUES ('a', 1), ('b', 2) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v;
INSERT INTO kv VALUES ('a', 10) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v RETURNING *;
SELECT * FROM kv ORDER BY k;
-- full-text search (FTS5) and R*Tree
CREATE VIRTUAL TABLE doc USING fts5(title, body);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 3000)
INSERT INTO doc SELECT 'title ' || i, 'word' || (i % 37) || ' common ' || CASE WHEN i % 11 = 0 THEN 'eleven' ELSE 'other' END || ' w' || (i * 7 % 101) FROM c;
SELECT count(*) FROM doc WHERE doc MATCH 'eleven AND word3';
SELECT title, printf('%.4f', bm25(doc)) FROM doc WHERE doc MATCH 'word5 OR w17' ORDER BY bm25(doc), title LIMIT 5;
SELECT highlight(doc, 1, '[', ']') FROM doc WHERE doc MATCH 'w42 NOT other' ORDER BY rowid LIMIT 3;
CREATE VIRTUAL TABLE box USING rtree(id, x0, x1, y0, y1);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 5000)
INSERT INTO box SELECT i, (i * 37 % 1000) / 10.0, (i * 37 % 1000) / 10.0 + (i % 13) / 2.0, (i * 91 % 1000) / 10.0, (i * 91 % 1000) / 10.0 + (i % 7) / 3.0 FROM c;
SELECT count(*), sum(id) FROM box WHERE x1 >= 20 AND x0 <= 30.5 AND y1 >= 40 AND y0 <= 42.25;
PRAGMA integrity_check;
