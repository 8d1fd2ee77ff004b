-- Lua benchmark for mimic: a mix of what interpreters spend time on --
-- table churn, string operations, closures, integer and floating-point
-- loops.  Every part prints a checksum so that a wrong answer shows.
-- Nothing printed depends on pairs() order (string hashing is seeded per
-- run) or on libm beyond correctly rounded + - * / and sqrt, so the
-- output is the same on every host and guest.
--
-- usage: lua bench.lua [SCALE]     (SCALE 1 is a short smoke test)

local scale = tonumber(arg and arg[1]) or 10

-- Table churn: records created and sorted, every third one dropped by
-- rebuilding the array, a stack pushed and popped, and a string-keyed
-- histogram whose entries are added and deleted.
local function tables(n)
  local records = {}
  local seed = 12345
  for i = 1, n do
    seed = (seed * 1103515245 + 12345) % 2147483648
    records[i] = { id = i, key = seed % 1000, name = "r" .. (seed % 97) }
  end
  table.sort(records, function(a, b)
    if a.key ~= b.key then return a.key < b.key end
    return a.id < b.id
  end)
  local kept = {}
  for i = 1, #records do
    if i % 3 ~= 0 then kept[#kept + 1] = records[i] end
  end
  local stack, popped = {}, 0
  for i = 1, n do
    table.insert(stack, { id = -i, key = i % 50, name = "x" .. (i % 13) })
    if i % 3 == 0 then popped = popped + table.remove(stack).key end
  end
  table.move(stack, 1, #stack, #kept + 1, kept)
  local histogram, sum = {}, 0
  for i, r in ipairs(kept) do
    histogram[r.name] = (histogram[r.name] or 0) + 1
    if r.key == 0 then histogram[r.name] = nil end
    sum = (sum + i * r.key + r.id) % 1000000007
  end
  local distinct, most = 0, 0
  for _, count in pairs(histogram) do
    distinct = distinct + 1
    if count > most then most = count end
  end
  return string.format("tables: %d records, %d names, top %d, popped %d, sum %d",
                       #kept, distinct, most, popped, sum)
end

-- Strings: formatting, concatenation, pattern matching and substitution.
local function strings(n)
  local parts = {}
  for i = 1, n do
    parts[#parts + 1] = string.format("%05d:%s:%x;", i, string.rep("ab", i % 5), i * 31)
  end
  local text = table.concat(parts)
  local replaced, count = text:gsub("(%d+):(a?b?)", "%2<%1>")
  local found, pos = 0, 1
  while true do
    local s, e = replaced:find("<0+%d>", pos)
    if not s then break end
    found, pos = found + 1, e + 1
  end
  local bytes = 0
  for i = 1, #replaced, 7 do
    bytes = (bytes * 31 + replaced:byte(i)) % 1000000007
  end
  local words = 0
  for w in text:upper():gmatch("%u+") do
    words = words + #w
  end
  return string.format("strings: len %d, %d substitutions, %d matches, hash %d, letters %d",
                       #text, count, found, bytes, words)
end

-- Closures: counters, composition and higher-order list functions.
local function closures(n)
  local function counter(step)
    local value = 0
    return function() value = value + step; return value end
  end
  local function compose(f, g) return function(x) return f(g(x)) end end
  local function map(list, f)
    local out = {}
    for i = 1, #list do out[i] = f(list[i]) end
    return out
  end
  local function filter(list, keep)
    local out = {}
    for i = 1, #list do if keep(list[i]) then out[#out + 1] = list[i] end end
    return out
  end
  local function reduce(list, f, acc)
    for i = 1, #list do acc = f(acc, list[i]) end
    return acc
  end
  local total = 0
  for round = 1, n do
    local next_value = counter(round % 7 + 1)
    local list = {}
    for i = 1, 200 do list[i] = next_value() end
    local f = compose(function(x) return x * 3 end, function(x) return x + round end)
    local kept = filter(map(list, f), function(x) return x % 4 ~= 0 end)
    total = (total + reduce(kept, function(a, b) return a + b end, 0)) % 1000000007
  end
  return string.format("closures: %d", total)
end

-- Numbers: integer Collatz lengths, a Mandelbrot grid and a spectral-norm
-- style matrix-vector iteration in floating point.
local function numbers(n)
  local longest, at = 0, 0
  for start = 1, n * 100 do
    local x, steps = start, 0
    while x ~= 1 do
      if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
      steps = steps + 1
    end
    if steps > longest then longest, at = steps, start end
  end
  local inside, size = 0, 20 + n
  for py = 0, size - 1 do
    for px = 0, size - 1 do
      local cr, ci = 2.5 * px / size - 2.0, 2.0 * py / size - 1.0
      local zr, zi, k = 0.0, 0.0, 0
      while k < 100 and zr * zr + zi * zi <= 4.0 do
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        k = k + 1
      end
      if k == 100 then inside = inside + 1 end
    end
  end
  local m = 40 + n
  local function a(i, j) return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) end
  local u, v = {}, {}
  for i = 0, m - 1 do u[i] = 1.0 end
  for _ = 1, 10 do
    for i = 0, m - 1 do
      local s = 0.0
      for j = 0, m - 1 do s = s + a(i, j) * u[j] end
      v[i] = s
    end
    for i = 0, m - 1 do
      local s = 0.0
      for j = 0, m - 1 do s = s + a(j, i) * v[j] end
      u[i] = s
    end
  end
  local vbv, vv = 0.0, 0.0
  for i = 0, m - 1 do vbv, vv = vbv + u[i] * v[i], vv + v[i] * v[i] end
  return string.format("numbers: collatz %d at %d, mandelbrot %d, spectral %.12f",
                       longest, at, inside, math.sqrt(vbv / vv))
end

print(tables(scale * 3000))
print(strings(scale * 7000))
print(closures(scale * 250))
print(numbers(scale * 20))
