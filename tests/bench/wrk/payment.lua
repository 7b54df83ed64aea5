-- POST /api/v1/payments: a valid payment of a household drawn from [LO, HI],
-- with an Idempotency-Key unique to the run, the thread and the request.
-- wrk ... -s payment.lua URL -- LO HI PAID_ON RUN
local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

local lo, hi, paid_on, run
local n = 0

function init(args)
	lo, hi, paid_on, run = tonumber(args[1]), tonumber(args[2]), args[3], args[4]
	math.randomseed(os.time() * 1000 + tid)
	wrk.headers["Content-Type"] = "application/json"
end

function request()
	n = n + 1
	wrk.headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, tid, n)
	local body = string.format('{"household_id":%d,"paid_on":"%s","amount_cents":%d,'
		.. '"method":"transfer","payer":"Banc d\'essai"}',
		math.random(lo, hi), paid_on, 5000 + math.random(0, 40000))
	return wrk.format("POST", "/api/v1/payments", nil, body)
end
