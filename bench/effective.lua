-- wrk script: GET the effective policy of a random customer each time.
-- Reads the partner id and customer ids from the file in IDS (first line:
-- the partner) and the session cookie from COOKIE.
local ids = {}
local partner

function init(args)
	local f = assert(io.open(os.getenv("IDS")))
	partner = f:read("*l")
	for line in f:lines() do ids[#ids + 1] = line end
	f:close()
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end

function request()
	local id = ids[math.random(#ids)]
	return wrk.format("GET", "/api/v1/accounts/" .. partner .. "/customers/" ..
	    id .. "/effective-policy?platform=workstation",
	    { ["Cookie"] = os.getenv("COOKIE") })
end
