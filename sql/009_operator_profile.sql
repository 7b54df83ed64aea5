-- 009_operator_profile: what the documents print about the operator (the
-- letterhead, the place and the signatory of its documents, the account
-- and structured communication of the indemnity). Every column is nullable:
-- an operator exists before an admin fills in its profile, and a document
-- that needs a missing detail is refused with the list of what is missing.

ALTER TABLE operators
	ADD COLUMN street text CHECK (length(street) BETWEEN 1 AND 200),
	ADD COLUMN house_number text CHECK (length(house_number) BETWEEN 1 AND 20),
	ADD COLUMN box text CHECK (length(box) BETWEEN 1 AND 20),
	ADD COLUMN postal_code text CHECK (postal_code ~ '^[1-9][0-9]{3}$'),
	ADD COLUMN commune text CHECK (length(commune) BETWEEN 1 AND 100),
	-- where its documents are made: "Fait à Namur, le ..."
	ADD COLUMN place text CHECK (length(place) BETWEEN 1 AND 100),
	-- an optional line under the address (phone, e-mail)
	ADD COLUMN contact text CHECK (length(contact) BETWEEN 1 AND 200),
	ADD COLUMN signatory_name text CHECK (length(signatory_name) BETWEEN 1 AND 200),
	ADD COLUMN signatory_role text CHECK (length(signatory_role) BETWEEN 1 AND 200),
	-- electronic form; its check digits were verified by core/ident
	ADD COLUMN iban text CHECK (iban ~ '^BE[0-9]{14}$'),
	-- a convention's structured communication is this base plus its id
	ADD COLUMN ogm_base bigint CHECK (ogm_base BETWEEN 0 AND 9999999999),
	ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- The profile as the API serves it; operator_id = id so that the shared
-- document helpers scope it to the caller's operator like every resource.
CREATE VIEW operator_docs AS
SELECT o.id, o.id AS operator_id, json_build_object(
	'id', o.id, 'name', o.name, 'street', o.street, 'house_number', o.house_number,
	'box', o.box, 'postal_code', o.postal_code, 'commune', o.commune, 'place', o.place,
	'contact', o.contact, 'signatory_name', o.signatory_name,
	'signatory_role', o.signatory_role, 'iban', o.iban, 'ogm_base', o.ogm_base,
	'version', o.version, 'created_at', o.created_at, 'updated_at', o.updated_at)::text AS doc
FROM operators o;
