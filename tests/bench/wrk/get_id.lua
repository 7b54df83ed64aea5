-- GET PREFIX..ID, the id drawn uniformly from [LO, HI] at each request.
-- wrk ... -s get_id.lua URL -- PREFIX LO HI
local prefix, lo, hi

function init(args)
	prefix, lo, hi = args[1], tonumber(args[2]), tonumber(args[3])
	math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
end

function request()
	return wrk.format("GET", prefix .. math.random(lo, hi))
end
