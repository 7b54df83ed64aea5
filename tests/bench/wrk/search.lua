-- GET /api/v1/households?q=TEXT, TEXT drawn at each request from what a
-- clerk types letter by letter from the second one (names, a reference, a
-- typo, accents).
-- wrk ... -s search.lua URL
local texts = {
	"am", "ami", "amin", "amina", "be", "ben", "bena", "benal", "benali",
	"du", "dup", "dupo", "dupont", "lef", "lefe", "lef%C3%A8vre", "LEFEVRE", "kova",
	"kovalenko", "ren", "renrad", "diallo", "a%C3%AFcha", "el%20am", "2024", "2024-0",
	"2024-00123", "martin%20l%C3%A9a", "peters",
}

function init(args)
	math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
end

function request()
	return wrk.format("GET", "/api/v1/households?q=" .. texts[math.random(#texts)] .. "&limit=20")
end
