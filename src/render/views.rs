//! Small view structs for the templates, prepared from the model. Templates never see the site graph:
//! each page gets exactly what it shows.

use crate::content::EntryKind;
use crate::i18n::Translations;
use crate::markdown::RenderedMarkdown;
use crate::model::{EntryRef, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub date: Option<String>,
    pub by: Option<String>,
    pub stale: bool,
}

/// An entry in a list: listings, domain and wijk pages.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub kind: Option<String>,
    pub summary: String,
    pub stale: bool,
    /// Service lines relevant where the card is shown (name and referral).
    pub lines: Vec<CardLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardLine {
    pub name: String,
    pub url: String,
    pub referral: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    pub anchor: String,
    pub name: String,
    pub description_html: String,
    pub target_group: Option<String>,
    pub ages: Option<String>,
    pub eligibility: Option<String>,
    pub referral: Option<String>,
    pub fees: Option<String>,
    pub wait_time: Option<String>,
    pub languages: Vec<String>,
    pub domains: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactPointView {
    pub role: String,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub name: String,
    pub alternate_name: Option<String>,
    pub kind: Option<String>,
    pub description_html: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub address: Vec<String>,
    pub opening_hours: Option<String>,
    pub areas: Vec<Link>,
    pub municipality_wide: bool,
    pub domains: Vec<Link>,
    pub services: Vec<ServiceView>,
    pub contact_points: Vec<ContactPointView>,
    pub verification: Verification,
    pub regulations: Vec<Link>,
    pub modules: Vec<Link>,
    pub mentioned_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegulationView {
    pub title: String,
    pub law: String,
    pub articles: Vec<String>,
    pub level: String,
    pub instrument: Option<String>,
    pub mandate: Option<String>,
    pub effective_from: Option<String>,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub partners: Vec<Link>,
    pub modules: Vec<Link>,
    pub mentioned_in: Vec<Link>,
    pub verification: Verification,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub date: String,
    pub iso_date: String,
    pub past: bool,
    pub time: Option<String>,
    pub location: Option<String>,
    pub seats: Option<u32>,
    pub signup: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleView {
    pub title: String,
    pub summary: Option<String>,
    pub level: Option<String>,
    pub format: Option<String>,
    pub duration_hours: Option<String>,
    pub trainers: Vec<String>,
    pub learning_goals: Vec<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub prerequisites: Vec<Link>,
    pub required_by: Vec<Link>,
    pub partners: Vec<Link>,
    pub regulations: Vec<Link>,
    pub sessions: Vec<SessionView>,
    pub mentioned_in: Vec<Link>,
    pub verification: Verification,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub links: Vec<Link>,
    pub mentioned_in: Vec<Link>,
    pub verification: Option<Verification>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainView {
    pub label: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    pub signals: Vec<String>,
    pub partners: Vec<Card>,
    pub regulations: Vec<Card>,
    pub modules: Vec<Card>,
    pub pages: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub name: String,
    pub description: Option<String>,
    pub postcodes: Vec<String>,
    pub partners: Vec<Card>,
    pub municipality_wide: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub title: String,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainTile {
    pub label: String,
    pub url: String,
    pub description: Option<String>,
    pub partner_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub domains: Vec<DomainTile>,
    pub overviews: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    pub domains: Vec<Link>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub partner: Link,
    pub cells: Vec<bool>,
}

/// Builds views from the model; one method per page type.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub t: &'a Translations,
}

fn first_sentences(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((end, _)) => {
            let cut = &text[..end];
            let at = cut
                .rfind(". ")
                .map(|i| i + 1)
                .or_else(|| cut.rfind(' '))
                .unwrap_or(end);
            let mut short = cut[..at].trim_end().to_string();
            if !short.ends_with('.') {
                short.push('…');
            }
            short
        }
    }
}

/// `tel:` link target: digits and a leading `+` only.
pub fn phone_href(phone: &str) -> String {
    let trimmed = phone.trim();
    let mut href = String::from("tel:");
    if trimmed.starts_with('+') {
        href.push('+');
    }
    href.extend(trimmed.chars().filter(char::is_ascii_digit));
    href
}

fn summary_of(markdown: &RenderedMarkdown, explicit: Option<&String>) -> String {
    match explicit {
        Some(summary) => summary.clone(),
        None => first_sentences(&markdown.text, 200),
    }
}

impl<'a> ViewBuilder<'a> {
    fn domain_links(&self, domains: &[usize]) -> Vec<Link> {
        domains
            .iter()
            .map(|&d| Link {
                title: self.site.domains[d].domain.label.clone(),
                url: self.site.url(&["domains", &self.site.domains[d].domain.id]),
            })
            .collect()
    }

    fn entry_links(&self, kind: EntryKind, indices: &[usize]) -> Vec<Link> {
        indices
            .iter()
            .map(|&index| self.entry_link(EntryRef { kind, index }))
            .collect()
    }

    fn entry_link(&self, entry: EntryRef) -> Link {
        Link {
            title: self.site.entry_title(entry).to_string(),
            url: self.site.entry_url(entry),
        }
    }

    fn mentions(&self, refs: &[EntryRef]) -> Vec<Link> {
        refs.iter().map(|&r| self.entry_link(r)).collect()
    }

    fn verification(&self, entry: EntryRef, stale: bool) -> Verification {
        let meta = self.site.entry_meta(entry);
        Verification {
            date: meta.last_verified.as_ref().map(|d| self.t.date(d.value)),
            by: meta.verified_by.clone(),
            stale,
        }
    }

    pub fn partner_card(&self, index: usize, domain: Option<usize>) -> Card {
        let node = &self.site.partners[index];
        let partner = &node.partner;
        let url = self.site.url(&["partners", &partner.meta.id]);
        let lines = partner
            .services
            .iter()
            .filter(|s| match domain {
                None => false,
                Some(d) => {
                    let id = &self.site.domains[d].domain.id;
                    s.domains.iter().any(|sd| &sd.value == id)
                        || (s.domains.is_empty()
                            && partner.domains.iter().any(|pd| &pd.value == id))
                }
            })
            .map(|s| CardLine {
                name: s.name.clone(),
                url: format!("{url}#{}", crate::markdown::slugify(&s.name)),
                referral: s.referral.clone(),
            })
            .collect();
        Card {
            title: partner.name.clone(),
            kind: partner.kind.clone(),
            summary: first_sentences(&node.description.text, 200),
            stale: node.stale,
            url,
            lines,
        }
    }

    pub fn regulation_card(&self, index: usize) -> Card {
        let node = &self.site.regulations[index];
        Card {
            title: node.regulation.title.clone(),
            url: self.site.url(&["regulations", &node.regulation.meta.id]),
            kind: Some(node.regulation.law.clone()),
            summary: summary_of(&node.body, node.regulation.summary.as_ref()),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn module_card(&self, index: usize) -> Card {
        let node = &self.site.modules[index];
        Card {
            title: node.module.title.clone(),
            url: self.site.url(&["modules", &node.module.meta.id]),
            kind: node.module.level.clone(),
            summary: summary_of(&node.body, node.module.summary.as_ref()),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn page_card(&self, index: usize) -> Card {
        let node = &self.site.pages[index];
        Card {
            title: node.page.title.clone(),
            url: self.site.url(&["pages", &node.page.meta.id]),
            kind: None,
            summary: summary_of(&node.body, node.page.summary.as_ref()),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn partner(&self, index: usize) -> PartnerView {
        let node = &self.site.partners[index];
        let p = &node.partner;
        let address = p
            .address
            .as_ref()
            .map(|a| {
                let city_line = [a.postal_code.as_deref(), a.city.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                [a.street.clone(), Some(city_line).filter(|l| !l.is_empty())]
                    .into_iter()
                    .flatten()
                    .collect()
            })
            .unwrap_or_default();
        let services = p
            .services
            .iter()
            .zip(&node.service_descriptions)
            .map(|(s, description)| ServiceView {
                anchor: crate::markdown::slugify(&s.name),
                name: s.name.clone(),
                description_html: description.html.clone(),
                target_group: s.target_group.clone(),
                ages: self.ages(s.minimum_age, s.maximum_age),
                eligibility: s.eligibility.clone(),
                referral: s.referral.clone(),
                fees: s.fees.clone(),
                wait_time: s.wait_time.clone(),
                languages: s.languages.clone(),
                domains: s
                    .domains
                    .iter()
                    .filter_map(|d| self.site.domains.iter().find(|n| n.domain.id == d.value))
                    .map(|n| Link {
                        title: n.domain.label.clone(),
                        url: self.site.url(&["domains", &n.domain.id]),
                    })
                    .collect(),
            })
            .collect();
        PartnerView {
            name: p.name.clone(),
            alternate_name: p.alternate_name.clone(),
            kind: p.kind.clone(),
            description_html: node.description.html.clone(),
            website: p.website.clone(),
            email: p.email.clone(),
            phone_href: p.phone.as_deref().map(phone_href),
            phone: p.phone.clone(),
            address,
            opening_hours: p.opening_hours.clone(),
            areas: node
                .areas
                .iter()
                .flatten()
                .map(|&a| Link {
                    title: self.site.areas[a].area.name.clone(),
                    url: self.site.url(&["areas", &self.site.areas[a].area.id]),
                })
                .collect(),
            municipality_wide: node.areas.is_none(),
            domains: self.domain_links(&node.domains),
            services,
            contact_points: p
                .contact_points
                .iter()
                .map(|c| ContactPointView {
                    role: c.role.clone(),
                    phone_href: c.phone.as_deref().map(phone_href),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                })
                .collect(),
            verification: self.verification(
                EntryRef {
                    kind: EntryKind::Partner,
                    index,
                },
                node.stale,
            ),
            regulations: self.entry_links(EntryKind::Regulation, &node.regulations),
            modules: self.entry_links(EntryKind::Module, &node.modules),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
        }
    }

    /// A number with the site language's decimal separator ("2,5" in Dutch).
    fn decimal(&self, value: f64) -> String {
        let text = format!("{value}");
        match self.site.config.language {
            crate::config::Language::Nl => text.replace('.', ","),
            crate::config::Language::En => text,
        }
    }

    fn ages(&self, min: Option<u32>, max: Option<u32>) -> Option<String> {
        let years = self.t.get("age_years");
        match (min, max) {
            (Some(min), Some(max)) => Some(format!("{min}–{max} {years}")),
            (Some(min), None) => Some(format!("{} {min} {years}", self.t.get("age_from"))),
            (None, Some(max)) => Some(format!("{} {max} {years}", self.t.get("age_to"))),
            (None, None) => None,
        }
    }

    pub fn regulation(&self, index: usize) -> RegulationView {
        let node = &self.site.regulations[index];
        let r = &node.regulation;
        RegulationView {
            title: r.title.clone(),
            law: r.law.clone(),
            articles: r.articles.clone(),
            level: self.t.get(&format!("level_{}", r.level)).to_string(),
            instrument: r.instrument.map(str::to_string),
            mandate: r.mandate.clone(),
            effective_from: r.effective_from.map(|d| self.t.date(d)),
            source: r.source.clone(),
            summary: r.summary.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            partners: self.entry_links(EntryKind::Partner, &node.partners),
            modules: self.entry_links(EntryKind::Module, &node.modules),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: self.verification(
                EntryRef {
                    kind: EntryKind::Regulation,
                    index,
                },
                node.stale,
            ),
        }
    }

    pub fn module(&self, index: usize) -> ModuleView {
        let node = &self.site.modules[index];
        let m = &node.module;
        ModuleView {
            title: m.title.clone(),
            summary: m.summary.clone(),
            level: m.level.clone(),
            format: m.format.clone(),
            duration_hours: m.duration_hours.map(|h| self.decimal(h)),
            trainers: m.trainers.clone(),
            learning_goals: m.learning_goals.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            prerequisites: self.entry_links(EntryKind::Module, &node.prerequisites),
            required_by: self.entry_links(EntryKind::Module, &node.required_by),
            partners: self.entry_links(EntryKind::Partner, &node.partners),
            regulations: self.entry_links(EntryKind::Regulation, &node.regulations),
            sessions: m
                .sessions
                .iter()
                .map(|s| SessionView {
                    date: self.t.date(s.date),
                    iso_date: s.date.to_string(),
                    past: s.date < self.site.today,
                    time: s.time.clone(),
                    location: s.location.clone(),
                    seats: s.seats,
                    signup: s.signup.as_ref().map(|url| {
                        if url.contains('@') && !url.contains("://") && !url.starts_with("mailto:")
                        {
                            format!("mailto:{url}")
                        } else {
                            url.clone()
                        }
                    }),
                })
                .collect(),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: self.verification(
                EntryRef {
                    kind: EntryKind::Module,
                    index,
                },
                node.stale,
            ),
        }
    }

    pub fn article(&self, index: usize) -> ArticleView {
        let node = &self.site.pages[index];
        let p = &node.page;
        ArticleView {
            title: p.title.clone(),
            summary: p.summary.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            links: node
                .links
                .iter()
                .map(|(title, url)| Link {
                    title: title.clone(),
                    url: url.clone(),
                })
                .collect(),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: p.meta.last_verified.is_some().then(|| {
                self.verification(
                    EntryRef {
                        kind: EntryKind::Page,
                        index,
                    },
                    node.stale,
                )
            }),
        }
    }

    pub fn domain(&self, index: usize) -> DomainView {
        let node = &self.site.domains[index];
        DomainView {
            label: node.domain.label.clone(),
            description: node.domain.description.clone(),
            synonyms: node.domain.synonyms.clone(),
            signals: node.domain.signals.clone(),
            partners: node
                .partners
                .iter()
                .map(|&p| self.partner_card(p, Some(index)))
                .collect(),
            regulations: node
                .regulations
                .iter()
                .map(|&r| self.regulation_card(r))
                .collect(),
            modules: node.modules.iter().map(|&m| self.module_card(m)).collect(),
            pages: node.pages.iter().map(|&p| self.page_card(p)).collect(),
        }
    }

    pub fn area(&self, index: usize) -> AreaView {
        let node = &self.site.areas[index];
        AreaView {
            name: node.area.name.clone(),
            description: node.area.description.clone(),
            postcodes: node
                .area
                .postcodes
                .iter()
                .map(|p| p.value.label())
                .collect(),
            partners: node
                .partners
                .iter()
                .map(|&p| self.partner_card(p, None))
                .collect(),
            municipality_wide: self
                .site
                .municipality_wide
                .iter()
                .map(|&p| self.partner_card(p, None))
                .collect(),
        }
    }

    pub fn listing(&self, kind: EntryKind) -> ListingView {
        let cards = match kind {
            EntryKind::Partner => (0..self.site.partners.len())
                .map(|i| self.partner_card(i, None))
                .collect(),
            EntryKind::Regulation => (0..self.site.regulations.len())
                .map(|i| self.regulation_card(i))
                .collect(),
            EntryKind::Module => (0..self.site.modules.len())
                .map(|i| self.module_card(i))
                .collect(),
            EntryKind::Page => (0..self.site.pages.len())
                .map(|i| self.page_card(i))
                .collect(),
        };
        ListingView {
            title: self.t.get(&format!("kind_{}", kind.folder())).to_string(),
            cards: sorted_by_title(cards),
        }
    }

    pub fn domain_listing(&self) -> ListingView {
        ListingView {
            title: self.t.get("domains_title").to_string(),
            cards: self
                .site
                .domains
                .iter()
                .map(|n| Card {
                    title: n.domain.label.clone(),
                    url: self.site.url(&["domains", &n.domain.id]),
                    kind: None,
                    summary: n.domain.description.clone().unwrap_or_default(),
                    stale: false,
                    lines: Vec::new(),
                })
                .collect(),
        }
    }

    pub fn area_listing(&self) -> ListingView {
        ListingView {
            title: self.t.get("areas_title").to_string(),
            cards: self
                .site
                .areas
                .iter()
                .map(|n| Card {
                    title: n.area.name.clone(),
                    url: self.site.url(&["areas", &n.area.id]),
                    kind: None,
                    summary: n.area.description.clone().unwrap_or_default(),
                    stale: false,
                    lines: Vec::new(),
                })
                .collect(),
        }
    }

    pub fn home(&self) -> HomeView {
        let count = |kind: &str, n: usize| Link {
            title: format!("{} ({n})", self.t.get(&format!("kind_{kind}"))),
            url: self.site.url(&[kind]),
        };
        HomeView {
            domains: self
                .site
                .domains
                .iter()
                .map(|n| DomainTile {
                    label: n.domain.label.clone(),
                    url: self.site.url(&["domains", &n.domain.id]),
                    description: n.domain.description.clone(),
                    partner_count: n.partners.len(),
                })
                .collect(),
            overviews: vec![
                Link {
                    title: self.t.get("matrix_title").to_string(),
                    url: self.site.url(&["matrix"]),
                },
                count("partners", self.site.partners.len()),
                count("regulations", self.site.regulations.len()),
                count("modules", self.site.modules.len()),
                count("pages", self.site.pages.len()),
                Link {
                    title: self.t.get("areas_title").to_string(),
                    url: self.site.url(&["areas"]),
                },
            ],
        }
    }

    pub fn matrix(&self) -> MatrixView {
        let mut rows: Vec<MatrixRow> = self
            .site
            .partners
            .iter()
            .map(|node| MatrixRow {
                partner: Link {
                    title: node.partner.name.clone(),
                    url: self.site.url(&["partners", &node.partner.meta.id]),
                },
                cells: (0..self.site.domains.len())
                    .map(|d| node.domains.binary_search(&d).is_ok())
                    .collect(),
            })
            .collect();
        rows.sort_by(|a, b| {
            a.partner
                .title
                .to_lowercase()
                .cmp(&b.partner.title.to_lowercase())
        });
        MatrixView {
            domains: self.domain_links(&(0..self.site.domains.len()).collect::<Vec<_>>()),
            rows,
        }
    }
}

fn sorted_by_title(mut cards: Vec<Card>) -> Vec<Card> {
    cards.sort_by_cached_key(|c| c.title.to_lowercase());
    cards
}
