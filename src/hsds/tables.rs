//! The HSDS 3.0 tabular package as Kaartenbak reads and writes it: which CSV files, their columns (those of
//! the specification's example package, in its order), which columns hold numbers, and how a row of one
//! table hangs under a record of another (the foreign-key columns, most specific parent first).

/// One CSV table of the package.
pub struct Table {
    /// The resource name and file stem (`services` → `services.csv`).
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Columns that hold numbers in the JSON form.
    pub numbers: &'static [&'static str],
    /// Columns an importer cannot do without.
    pub required: &'static [&'static str],
    /// (foreign-key column, parent table, key in the parent's JSON object), most specific first: a phone of
    /// a contact belongs to the contact even when it also names the service.
    pub parents: &'static [(&'static str, &'static str, &'static str)],
}

impl Table {
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }
}

pub const ORGANIZATIONS: Table = Table {
    name: "organizations",
    columns: &[
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    numbers: &["year_incorporated"],
    required: &["id", "name"],
    parents: &[],
};

pub const SERVICES: Table = Table {
    name: "services",
    columns: &[
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    numbers: &["minimum_age", "maximum_age"],
    required: &["id", "organization_id", "name"],
    parents: &[("organization_id", "organizations", "services")],
};

pub const LOCATIONS: Table = Table {
    name: "locations",
    columns: &[
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    numbers: &["latitude", "longitude"],
    required: &["id", "organization_id"],
    parents: &[("organization_id", "organizations", "locations")],
};

pub const ADDRESSES: Table = Table {
    name: "addresses",
    columns: &[
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    numbers: &[],
    required: &["id", "location_id"],
    parents: &[("location_id", "locations", "addresses")],
};

pub const CONTACTS: Table = Table {
    name: "contacts",
    columns: &[
        "id",
        "organization_id",
        "service_id",
        "service_at_location_id",
        "location_id",
        "name",
        "title",
        "department",
        "email",
    ],
    numbers: &[],
    required: &["id"],
    parents: &[
        ("service_id", "services", "contacts"),
        ("location_id", "locations", "contacts"),
        ("organization_id", "organizations", "contacts"),
    ],
};

pub const PHONES: Table = Table {
    name: "phones",
    columns: &[
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    numbers: &["extension"],
    required: &["id", "number"],
    parents: &[
        ("contact_id", "contacts", "phones"),
        ("service_id", "services", "phones"),
        ("location_id", "locations", "phones"),
        ("organization_id", "organizations", "phones"),
    ],
};

pub const SCHEDULES: Table = Table {
    name: "schedules",
    columns: &[
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    numbers: &["timezone", "count", "interval"],
    required: &["id"],
    parents: &[
        ("service_id", "services", "schedules"),
        ("location_id", "locations", "schedules"),
    ],
};

pub const SERVICE_AREAS: Table = Table {
    name: "service_areas",
    columns: &[
        "id",
        "service_id",
        "name",
        "description",
        "extent",
        "extent_type",
        "uri",
    ],
    numbers: &[],
    required: &["id", "service_id"],
    parents: &[("service_id", "services", "service_areas")],
};

pub const LANGUAGES: Table = Table {
    name: "languages",
    columns: &[
        "id",
        "service_id",
        "location_id",
        "phone_id",
        "name",
        "code",
        "note",
    ],
    numbers: &[],
    required: &["id"],
    parents: &[
        ("service_id", "services", "languages"),
        ("location_id", "locations", "languages"),
        ("phone_id", "phones", "languages"),
    ],
};

pub const COST_OPTIONS: Table = Table {
    name: "cost_options",
    columns: &[
        "id",
        "service_id",
        "valid_from",
        "valid_to",
        "option",
        "currency",
        "amount",
        "amount_description",
    ],
    numbers: &["amount"],
    required: &["id", "service_id"],
    parents: &[("service_id", "services", "cost_options")],
};

pub const ATTRIBUTES: Table = Table {
    name: "attributes",
    columns: &[
        "id",
        "link_id",
        "taxonomy_term_id",
        "link_type",
        "link_entity",
        "value",
    ],
    numbers: &[],
    required: &["id", "link_id", "taxonomy_term_id"],
    // `link_id` names a record of any table; the importer looks it up among services, organizations and
    // contacts.
    parents: &[
        ("link_id", "services", "attributes"),
        ("link_id", "organizations", "attributes"),
        ("link_id", "contacts", "attributes"),
    ],
};

pub const TAXONOMY_TERMS: Table = Table {
    name: "taxonomy_terms",
    columns: &[
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
    numbers: &[],
    required: &["id", "name"],
    parents: &[],
};

pub const TAXONOMIES: Table = Table {
    name: "taxonomies",
    columns: &["id", "name", "description", "uri", "version"],
    numbers: &[],
    required: &["id", "name"],
    parents: &[],
};

/// Every table Kaartenbak writes and reads, parents before children.
pub const TABLES: [&Table; 13] = [
    &ORGANIZATIONS,
    &SERVICES,
    &LOCATIONS,
    &ADDRESSES,
    &CONTACTS,
    &PHONES,
    &SCHEDULES,
    &SERVICE_AREAS,
    &LANGUAGES,
    &COST_OPTIONS,
    &TAXONOMIES,
    &TAXONOMY_TERMS,
    &ATTRIBUTES,
];

/// Tables of the specification that Kaartenbak has no place for; an import names their rows as not carried.
pub const NOT_CARRIED_TABLES: [&str; 8] = [
    "accessibility",
    "funding",
    "meta_table_descriptions",
    "metadata",
    "organization_identifiers",
    "programs",
    "required_documents",
    "service_at_location",
];

pub fn by_name(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}
