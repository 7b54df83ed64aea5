#!/usr/bin/env python3
"""Loads the demo data set through the API of a running daemon: a building
with common parts, three units, two households with their incomes, an
admission check and one signed convention starting in a week. Does nothing
when the operator already has units, so `scripts/dev.sh run` can run twice.

Usage: demo.py BASE_URL TOKEN   (an admin token)"""
import datetime
import json
import sys
import urllib.error
import urllib.request

BASE, TOKEN = sys.argv[1], sys.argv[2]


def call(method, path, body=None, etag=None, headers=False):
    req = urllib.request.Request(BASE + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Authorization", "Bearer " + TOKEN)
    req.add_header("Content-Type", "application/json")
    if etag:
        req.add_header("If-Match", etag)
    try:
        with urllib.request.urlopen(req) as r:
            body = json.loads(r.read() or b"null")
            return (body, r.headers) if headers else body
    except urllib.error.HTTPError as e:
        sys.exit("demo: %s %s -> %d %s" % (method, path, e.code, e.read().decode()))


def main():
    if call("GET", "/api/v1/units?limit=1")["items"]:
        print("demo data: already loaded")
        return
    # The details every document prints. Convention payment references are
    # ogm_base + the convention's id: kept far from the invoices' numbers.
    operator, h = call("GET", "/api/v1/operator", headers=True)
    call("PUT", "/api/v1/operator", {
        "name": operator["name"], "street": "Rue de Dave", "house_number": "165",
        "postal_code": "5100", "commune": "Jambes", "place": "Namur",
        "contact": "081 33 70 00 · logement@cpas-demo.be",
        "signatory_name": "Claire Lemaire", "signatory_role": "Directrice générale",
        "iban": "BE68 5390 0754 7034", "ogm_base": 5000000000}, etag=h["ETag"])
    today = datetime.date.today()
    start = today + datetime.timedelta(days=7)
    building = call("POST", "/api/v1/buildings", {
        "name": "Maison d'accueil Sainte-Croix", "street": "Rue du Pont", "house_number": "3",
        "postal_code": "5000", "commune": "Namur", "has_common_parts": True})
    flat = call("POST", "/api/v1/units", {
        "name": "Rue Haute 12, rez-de-chaussée", "kind": "apartment", "street": "Rue Haute",
        "house_number": "12", "postal_code": "5000", "commune": "Namur",
        "base_indemnity_cents": 45000, "furnished": True, "rooms": [
            {"name": "séjour-cuisine", "kind": "kitchen_living", "area_dm2": 2200, "habitable": True},
            {"name": "chambre parents", "kind": "bedroom", "area_dm2": 1200, "habitable": True},
            {"name": "chambre enfant", "kind": "bedroom", "area_dm2": 800, "habitable": True},
            {"name": "salle de bains", "kind": "other", "area_dm2": 500, "habitable": False}]})
    call("POST", "/api/v1/units", {
        "name": "Studio Rue Basse 7", "kind": "studio", "street": "Rue Basse",
        "house_number": "7", "box": "2", "postal_code": "5100", "commune": "Jambes",
        "floor": 1, "base_indemnity_cents": 32000, "rooms": [
            {"name": "pièce de vie", "kind": "living", "area_dm2": 2400, "habitable": True},
            {"name": "kitchenette", "kind": "kitchen", "area_dm2": 400, "habitable": True}]})
    call("POST", "/api/v1/units", {
        "name": "Chambre 1, Maison Sainte-Croix", "kind": "room", "building_id": building["id"],
        "collective": True, "street": "Rue du Pont", "house_number": "3", "box": "1",
        "postal_code": "5000", "commune": "Namur", "base_indemnity_cents": 25000, "rooms": [
            {"name": "chambre", "kind": "bedroom", "area_dm2": 1400, "habitable": True},
            {"name": "cuisine commune", "kind": "kitchen", "area_dm2": 2000, "habitable": True,
             "shared": True}]})

    family = call("POST", "/api/v1/households", {"reference": "DEMO-001"})
    members = []
    for m, incomes in [
        ({"first_name": "Amina", "last_name": "Benali", "birth_date": "1988-04-12", "sex": "F",
          "relation": "head"},
         [{"kind": "work", "basis": "assessed", "amount_cents": 1450000, "periodicity": "annual",
           "income_year": 2024, "evidence_reference": "AER 2025"},
          {"kind": "work", "basis": "current", "amount_cents": 121500, "periodicity": "monthly"}]),
        ({"first_name": "Karim", "last_name": "Benali", "birth_date": "1986-09-03", "sex": "M",
          "relation": "partner"},
         [{"kind": "unemployment", "basis": "current", "amount_cents": 98000,
           "taxable": True, "periodicity": "monthly"}]),
        ({"first_name": "Yasmine", "last_name": "Benali", "birth_date": "2019-02-20", "sex": "F",
          "relation": "child", "dependent_child": True}, [])]:
        member = call("POST", "/api/v1/households/%d/members" % family["id"], m)
        members.append(member)
        for i in incomes:
            call("POST", "/api/v1/members/%d/incomes" % member["id"], i)
    single = call("POST", "/api/v1/households", {"reference": "DEMO-002"})
    alone = call("POST", "/api/v1/households/%d/members" % single["id"], {
        "first_name": "Jean", "last_name": "Lambert", "birth_date": "1971-11-30", "sex": "M",
        "relation": "head"})
    call("POST", "/api/v1/members/%d/incomes" % alone["id"], {
        "kind": "ris", "basis": "current", "amount_cents": 131420, "periodicity": "monthly"})

    check = call("POST", "/api/v1/households/%d/admission-checks" % family["id"], {
        "unit_id": flat["id"], "start_date": start.isoformat(), "ground": "precarity"})
    if not check["admissible"]:
        sys.exit("demo: the demo household should be admissible: %s" % check)
    conv = call("POST", "/api/v1/conventions", {"admission_check_id": check["id"]})
    call("POST", "/api/v1/conventions/%d/sign" % conv["id"], {
        "signed_on": today.isoformat(), "signatories": [m["id"] for m in members[:2]]},
        etag='"%d"' % conv["version"])
    print("demo data: 1 building, 3 units, 2 households, 1 convention signed, starting %s"
          % start.isoformat())


main()
