//! The site in the field, in real headless Chromium: a partner page printed is a one-page A4 referral card
//! with the phone number and a QR code, a domain page prints as a handout without navigation, and on a
//! 360 × 640 phone a partner's phone link and how to refer are on the first screen below a folded menu.
//!
//! With `KAARTENBAK_SCREENSHOTS=docs/screenshots` the tests also write the README's screenshots there.

mod common;

use common::browser::{self, Browser};
use serde_json::{json, Value};
use std::path::Path;

const PHONE: (u32, u32) = (360, 640);

/// Every partner of the example site, by its page's path.
fn partner_pages() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/partners");
    let mut pages: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| format!("/partners/{}/", p.file_stem().unwrap().to_string_lossy()))
        .collect();
    pages.sort();
    pages
}

/// The pages of a PDF as Chromium writes it: its `/Type /Page` objects (not `/Pages`), and the size of
/// each page's `/MediaBox` in points.
fn pdf_pages(pdf: &[u8]) -> (usize, Vec<(f64, f64)>) {
    let text = String::from_utf8_lossy(pdf);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(at, found)| !text[at + found.len()..].starts_with('s'))
        .count();
    let boxes = text
        .match_indices("/MediaBox [")
        .map(|(at, found)| {
            let numbers: Vec<f64> = text[at + found.len()..]
                .split(']')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            (numbers[2] - numbers[0], numbers[3] - numbers[1])
        })
        .collect();
    (pages, boxes)
}

fn save_screenshot(browser: &Browser, name: &str) {
    if let Ok(dir) = std::env::var("KAARTENBAK_SCREENSHOTS") {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), browser.screenshot_png()).unwrap();
    }
}

/// What the printed page shows, read in print media: whether each selector is displayed.
fn shown_in_print(browser: &Browser, selectors: &[&str]) -> Value {
    browser.emulate_media("print");
    let shown = browser.execute(
        "return arguments[0].map(s => { const e = document.querySelector(s);
            return e !== null && e.checkVisibility({ visibilityProperty: true }); });",
        json!([selectors]),
    );
    browser.emulate_media("");
    shown
}

#[test]
fn every_partner_page_prints_as_one_a4_card_with_phone_and_qr_code() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let mut failures = Vec::new();
    for page in partner_pages() {
        browser.goto(&format!("{}{page}", server.base));
        let (pages, boxes) = pdf_pages(&browser.print_a4());
        if pages != 1 {
            failures.push(format!("{page} prints on {pages} pages"));
        }
        for (width, height) in boxes {
            assert!(
                (width - 595.3).abs() < 2.0 && (height - 841.9).abs() < 2.0,
                "{page} is not printed on A4: {width} × {height} pt"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    browser.goto(&format!("{}/partners/schuldhulp-lindewaard/", server.base));
    let shown = shown_in_print(
        &browser,
        &[
            ".quick-phone a[href^='tel:']",
            ".quick-referral",
            ".qr svg.qr-code path",
            ".print-summary",
            ".contact-card",
            ".site-header",
            ".site-footer",
            ".entry-main",
        ],
    );
    assert_eq!(
        shown,
        json!([true, true, true, true, true, false, false, false]),
        "phone, referral, QR, summary and contact on paper; no header, footer or full details"
    );
    let printed = browser.execute(
        "return { phone: document.querySelector('.quick-phone').textContent,
                  qr: document.querySelector('.qr svg').getAttribute('aria-label'),
                  url: document.querySelector('.qr figcaption').textContent };",
        json!([]),
    );
    assert!(
        printed["phone"].as_str().unwrap().contains("0493-312400"),
        "{printed}"
    );
    assert!(!printed["qr"].as_str().unwrap().is_empty(), "{printed}");
    assert!(
        printed["url"]
            .as_str()
            .unwrap()
            .contains("https://sociale-kaart.lindewaard.example/partners/schuldhulp-lindewaard/"),
        "{printed}"
    );
    // On screen the QR code is not shown: the coach is on the page already.
    assert_eq!(
        browser.execute(
            "return document.querySelector('.qr').checkVisibility();",
            json!([])
        ),
        json!(false)
    );

    // The printed card, as an image of the page laid out for paper.
    browser.set_viewport(794, 1123);
    browser.emulate_media("print");
    save_screenshot(&browser, "partner-printed");
    browser.emulate_media("");
}

#[test]
fn a_domain_page_prints_as_a_handout_of_its_partners_without_navigation() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.goto(&format!("{}/domains/financien/", server.base));
    let shown = shown_in_print(
        &browser,
        &[
            ".domain-partners .card .card-phone a[href^='tel:']",
            ".domain-partners .card-referral",
            ".site-header",
            ".site-nav",
            ".site-footer",
            "[aria-labelledby='regels']",
        ],
    );
    assert_eq!(shown, json!([true, true, false, false, false, false]));
    let split = browser.execute(
        "return getComputedStyle(document.querySelector('.card')).breakInside;",
        json!([]),
    );
    browser.emulate_media("print");
    let split_in_print = browser.execute(
        "return getComputedStyle(document.querySelector('.card')).breakInside;",
        json!([]),
    );
    browser.emulate_media("");
    assert_eq!(split, json!("auto"));
    assert_eq!(
        split_in_print,
        json!("avoid"),
        "a card is never split over two pages"
    );
}

#[test]
fn on_a_phone_the_partner_phone_and_referral_are_on_the_first_screen() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    let mut failures = Vec::new();
    for page in partner_pages() {
        browser.goto(&format!("{}{page}", server.base));
        let layout = browser.execute(
            "const bottom = s => { const e = document.querySelector(s); return e && e.getBoundingClientRect().bottom; };
             // The referral text starts on the first screen; the call buttons above it come first (issue 24).
             const firstLine = s => { const e = document.querySelector(s); return e && e.getClientRects()[0].bottom; };
             return { width: innerWidth, height: innerHeight, header: document.querySelector('.site-header').getBoundingClientRect().height,
                      phone: bottom('.quick-phone a[href^=\"tel:\"]'), referral: firstLine('.quick-referral'),
                      has_phone: document.querySelector('.contact-card a[href^=\"tel:\"]') !== null,
                      has_referral: document.querySelector('.service .referral') !== null };",
            json!([]),
        );
        assert_eq!(
            (layout["width"].as_f64(), layout["height"].as_f64()),
            (Some(360.0), Some(640.0))
        );
        if layout["header"].as_f64().unwrap() > 120.0 {
            failures.push(format!(
                "{page}: the header is {} px high",
                layout["header"]
            ));
        }
        for (what, has) in [("phone", "has_phone"), ("referral", "has_referral")] {
            match layout[what].as_f64() {
                Some(bottom) if bottom <= PHONE.1 as f64 => {}
                Some(bottom) => failures.push(format!("{page}: the {what} ends at {bottom} px")),
                None if layout[has] == json!(true) => {
                    failures.push(format!("{page}: the {what} is not in the contact block"))
                }
                None => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    browser.goto(&format!("{}/partners/schuldhulp-lindewaard/", server.base));
    save_screenshot(&browser, "partner-phone");
}

#[test]
fn on_a_phone_the_menu_folds_and_on_a_wide_screen_it_is_open() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let menu = "const links = [...document.querySelectorAll('.site-nav li a')];
        return { shown: links.filter(a => a.checkVisibility()).length, links: links.length,
                 toggle: document.querySelector('.menu-toggle').checkVisibility(),
                 header: document.querySelector('.site-header').getBoundingClientRect().height };";
    for page in ["/", "/partners/schuldhulp-lindewaard/", "/search/"] {
        browser.goto(&format!("{}{page}", server.base));
        browser.set_viewport(1280, 900);
        let wide = browser.execute(menu, json!([]));
        assert_eq!(wide["shown"], wide["links"], "{page} at 1280 px: {wide}");
        assert!(wide["links"].as_u64().unwrap() >= 7, "{wide}");
        assert_eq!(wide["toggle"], json!(false), "{page}: {wide}");

        browser.set_viewport(PHONE.0, PHONE.1);
        let folded = browser.execute(menu, json!([]));
        assert_eq!(folded["shown"], json!(0), "{page} at 360 px: {folded}");
        assert_eq!(folded["toggle"], json!(true), "{page}: {folded}");
        assert!(
            folded["header"].as_f64().unwrap() <= 120.0,
            "{page}: {folded}"
        );

        browser.click(".menu-toggle");
        let open = browser.execute(menu, json!([]));
        assert_eq!(
            open["shown"], open["links"],
            "{page} with the menu opened: {open}"
        );
        if page == "/" {
            browser.click(".menu-toggle");
            save_screenshot(&browser, "home-phone");
        }
    }
    browser.goto(&format!("{}/search/?q=schuld%20jongere", server.base));
    browser.wait_until(
        "document.querySelector('#zoekresultaten .result')",
        std::time::Duration::from_secs(20),
    );
    save_screenshot(&browser, "search-phone");
}

#[test]
fn the_prerequisite_graph_is_legible_on_a_phone_and_fits_the_printed_page() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    browser.goto(&format!("{}/leerroutes/", server.base));
    // The drawing as shown: its width on screen, its scale, its smallest box and where it ends.
    let measure = "const svg = document.querySelector('svg.graph');
        const box = svg.getBoundingClientRect();
        const scale = box.width / svg.viewBox.baseVal.width;
        const font = parseFloat(svg.querySelector('text').getAttribute('font-size')) * scale;
        const heights = [...svg.querySelectorAll('.graph-node')].map(a => a.getBoundingClientRect().height);
        return { right: box.right, width: box.width, font, smallest: Math.min(...heights),
                 nodes: heights.length,
                 list: document.getElementById(svg.getAttribute('aria-describedby'))
                     .checkVisibility({ visibilityProperty: true }) };";
    let phone = browser.execute(measure, json!([]));
    assert!(
        phone["right"].as_f64().unwrap() <= f64::from(PHONE.0),
        "{phone}"
    );
    assert!(
        phone["font"].as_f64().unwrap() >= 11.0,
        "legible text: {phone}"
    );
    assert!(
        phone["smallest"].as_f64().unwrap() >= 43.5,
        "every module is a 44 px tap target: {phone}"
    );
    assert_eq!(
        phone["nodes"],
        json!(12),
        "every module of the example site"
    );
    assert_eq!(
        phone["list"],
        json!(true),
        "the text alternative is on the page"
    );
    save_screenshot(&browser, "prerequisite-graph-phone");
    // On paper: the graph is shown, inside the page's width, without the menu.
    let shown = shown_in_print(&browser, &["svg.graph", "#graaf-relaties", ".site-nav"]);
    assert_eq!(shown, json!([true, true, false]));
    browser.set_viewport(794, 1123);
    browser.emulate_media("print");
    let printed = browser.execute(
        "const box = document.querySelector('svg.graph').getBoundingClientRect();
         return { right: box.right, page: document.documentElement.clientWidth };",
        json!([]),
    );
    browser.emulate_media("");
    assert!(
        printed["right"].as_f64().unwrap() <= printed["page"].as_f64().unwrap(),
        "{printed}"
    );
}
