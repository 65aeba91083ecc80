//! The generator still produces every model and style feature the fuzz
//! targets rely on: a few thousand seeded documents together must use each
//! one at least once, so a feature that silently stops being generated
//! fails here.

use std::collections::BTreeMap;

use arbitrary::Unstructured;
use multistatus::generate::{generate, ChoiceCounts, GenerateLimits};
use multistatus::model::{Content, ElementModel, MultistatusModel, XML_NAMESPACE};
use multistatus::writer::Choice;
use multistatus::{CALDAV, CARDDAV, DAV, NEXTCLOUD, OWNCLOUD};
use multistatus_checks::support::Rng;

const DOCUMENTS: u64 = 3000;

fn walk<'m>(element: &'m ElementModel, out: &mut Vec<&'m ElementModel>) {
    out.push(element);
    for child in element.children() {
        walk(child, out);
    }
}

/// The model features `model` uses.
fn model_features(model: &MultistatusModel, seen: &mut BTreeMap<&'static str, u64>) {
    let mut see = |feature: &'static str, present: bool| {
        let count = seen.entry(feature).or_default();
        *count += present as u64;
    };
    see("no responses", model.responses.is_empty());
    see("several responses", model.responses.len() > 1);
    see("multistatus description", model.description.is_some());
    see("sync-token", model.sync_token.is_some());
    let responses = &model.responses;
    see("href+status form", responses.iter().any(|r| r.status.is_some()));
    see("several hrefs", responses.iter().any(|r| r.hrefs.len() > 1));
    see("propstat form", responses.iter().any(|r| !r.propstats.is_empty()));
    see("several propstats", responses.iter().any(|r| r.propstats.len() > 1));
    see("response error", responses.iter().any(|r| r.error.as_ref().is_some_and(|e| !e.is_empty())));
    see("propstat error", responses.iter().flat_map(|r| &r.propstats).any(|p| p.error.is_some()));
    see("response description", responses.iter().any(|r| r.description.is_some()));
    see("propstat description", responses.iter().flat_map(|r| &r.propstats).any(|p| p.description.is_some()));
    see("location", responses.iter().any(|r| r.location.is_some()));
    let hrefs: Vec<&String> = responses.iter().flat_map(|r| r.hrefs.iter().chain(&r.location)).collect();
    see("href percent-encoding", hrefs.iter().any(|h| h.contains('%')));
    see("href space", hrefs.iter().any(|h| h.trim().contains(' ')));
    see("href &", hrefs.iter().any(|h| h.contains('&')));
    see("href non-ASCII", hrefs.iter().any(|h| !h.is_ascii()));
    let statuses: Vec<&String> = responses
        .iter()
        .flat_map(|r| r.status.iter().chain(r.propstats.iter().filter_map(|p| p.status.as_ref())))
        .collect();
    let code_only = |s: &&&String| s.trim().len() == "HTTP/1.1 200".len();
    see("status without reason", statuses.iter().any(|s| code_only(&s)));
    see("status double spaces", statuses.iter().any(|s| s.contains("  ") && !s.starts_with('\n')));
    see("status HTTP/1.0", statuses.iter().any(|s| s.contains("HTTP/1.0")));
    see("status HTTP/0.0", statuses.iter().any(|s| s.contains("HTTP/0.0")));
    see("status surrounding whitespace", statuses.iter().any(|s| s.trim() != s.as_str()));
    let mut properties = Vec::new();
    for propstat in responses.iter().flat_map(|r| &r.propstats) {
        properties.extend(&propstat.properties);
    }
    let namespace = |ns: &str| properties.iter().any(|p| p.namespace == ns);
    see("property in DAV:", namespace(DAV));
    see("property in CalDAV", namespace(CALDAV));
    see("property in CardDAV", namespace(CARDDAV));
    see("property in ownCloud", namespace(OWNCLOUD));
    see("property in Nextcloud", namespace(NEXTCLOUD));
    see("property in no namespace", namespace(""));
    let known = [DAV, CALDAV, CARDDAV, OWNCLOUD, NEXTCLOUD, multistatus::CALENDARSERVER, ""];
    see("property in a random namespace", properties.iter().any(|p| !known.contains(&p.namespace.as_str())));
    see("empty value", properties.iter().any(|p| p.content.is_empty()));
    see("text value", properties.iter().any(|p| p.content.iter().all(|c| matches!(c, Content::Text(_)))));
    see("nested value", properties.iter().any(|p| p.children().next().is_some()));
    let mut elements = Vec::new();
    for property in &properties {
        walk(property, &mut elements);
    }
    see(
        "mixed content",
        elements.iter().any(|e| {
            e.children().next().is_some() && e.content.iter().any(|c| matches!(c, Content::Text(t) if !t.is_empty()))
        }),
    );
    see("attributes", elements.iter().any(|e| e.attributes.iter().any(|a| a.namespace != XML_NAMESPACE)));
    see(
        "namespaced attribute",
        elements.iter().any(|e| e.attributes.iter().any(|a| !a.namespace.is_empty() && a.namespace != XML_NAMESPACE)),
    );
    see(
        "xml:lang",
        elements.iter().any(|e| e.attributes.iter().any(|a| a.namespace == XML_NAMESPACE && a.name == "lang")),
    );
    let texts: String = elements.iter().map(|e| e.text_content()).collect();
    for (feature, needle) in [("text ]]>", "]]>"), ("text &", "&"), ("text <", "<"), ("text CR", "\r")] {
        see(feature, texts.contains(needle));
    }
    see("text non-ASCII", !texts.is_ascii());
    see("text U+FEFF", texts.contains('\u{FEFF}'));
}

#[test]
fn every_feature_is_generated() {
    let mut model_seen = BTreeMap::new();
    let mut style_seen = ChoiceCounts::new();
    let mut total_bytes = 0;
    for seed in 0..DOCUMENTS {
        let mut rng = Rng::new(seed);
        let len = 256 + (rng.next_u64() % 4096) as usize;
        let bytes = rng.bytes(len);
        let (model, style) = generate(&mut Unstructured::new(&bytes), &GenerateLimits::default()).unwrap();
        model_features(&model, &mut model_seen);
        total_bytes += style.write_counting(&model, &mut style_seen).len();
    }
    let mut missing = Vec::new();
    for (feature, count) in &model_seen {
        println!("{count:6}  {feature}");
        if *count == 0 {
            missing.push(feature.to_string());
        }
    }
    for choice in Choice::ALL {
        for option in 0..choice.options() {
            let count = style_seen.get(&(choice, option)).copied().unwrap_or(0);
            println!("{count:6}  {choice:?} option {option}");
            if count == 0 {
                missing.push(format!("{choice:?} option {option}"));
            }
        }
    }
    println!("{DOCUMENTS} documents, {total_bytes} bytes of XML");
    assert!(missing.is_empty(), "never generated: {missing:?}");
}
