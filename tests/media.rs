//! Media limits and attachment permissions, natively and in wasm.
use wa_guard::config::AttachmentSettings;
use wa_guard::media::*;

use wasm_bindgen_test::wasm_bindgen_test;

const ALL: AttachmentSettings = AttachmentSettings {
    enabled: true,
    customers_may_send: true,
    agents_may_send: true,
};

fn item(ct: &str, size: Option<u64>) -> MediaItem {
    MediaItem {
        content_type: ct.to_string(),
        size,
        url: Some("https://cdn.example.com/f".to_string()),
        animated: false,
    }
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.problems.iter().map(|p| p.code()).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn allow_list_maps_types_to_kinds() {
    for (ct, kind) in [
        ("image/jpeg", MediaKind::Image),
        ("image/png", MediaKind::Image),
        ("image/webp", MediaKind::Sticker),
        ("audio/ogg", MediaKind::Audio),
        ("audio/ogg; codecs=\"opus\"", MediaKind::Audio),
        ("audio/mpeg", MediaKind::Audio),
        ("audio/amr", MediaKind::Audio),
        ("video/mp4", MediaKind::Video),
        ("VIDEO/3GPP", MediaKind::Video),
        ("application/pdf", MediaKind::Document),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            MediaKind::Document,
        ),
        ("text/vcard", MediaKind::Contact),
    ] {
        assert_eq!(media_kind(ct), Some(kind), "{ct}");
    }
    for ct in [
        "image/gif",
        "audio/ogg; codecs=vorbis",
        "application/zip",
        "",
        "text/plain",
        "audio/ogg; codecs",
    ] {
        assert_eq!(media_kind(ct), None, "{ct}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn permissions_of_the_workstream() {
    let jpeg = [item("image/jpeg", Some(1000))];
    let off = AttachmentSettings::default();
    assert_eq!(
        codes(&check_attachment(&off, Direction::Outbound, &jpeg, None)),
        [ATTACHMENTS_DISABLED]
    );
    assert_eq!(
        codes(&check_attachment(&off, Direction::Inbound, &jpeg, None)),
        [ATTACHMENTS_DISABLED]
    );
    let customers_only = AttachmentSettings {
        agents_may_send: false,
        ..ALL
    };
    assert_eq!(
        codes(&check_attachment(
            &customers_only,
            Direction::Outbound,
            &jpeg,
            None
        )),
        [AGENT_ATTACHMENTS_NOT_ALLOWED]
    );
    assert!(check_attachment(&customers_only, Direction::Inbound, &jpeg, None).allowed);
    let agents_only = AttachmentSettings {
        customers_may_send: false,
        ..ALL
    };
    assert_eq!(
        codes(&check_attachment(
            &agents_only,
            Direction::Inbound,
            &jpeg,
            None
        )),
        [CUSTOMER_ATTACHMENTS_NOT_ALLOWED]
    );
    let v = check_attachment(&agents_only, Direction::Outbound, &jpeg, Some("look"));
    assert!(v.allowed);
    assert_eq!(v.kind, Some(MediaKind::Image));
    assert!(v.clone().into_result().is_ok());
}

#[wasm_bindgen_test(unsupported = test)]
fn sizes_per_kind() {
    let ok = |ct, n| check_attachment(&ALL, Direction::Outbound, &[item(ct, Some(n))], None);
    assert!(ok("image/png", MAX_IMAGE_BYTES).allowed);
    let v = ok("image/png", MAX_IMAGE_BYTES + 1);
    assert_eq!(codes(&v), [MEDIA_TOO_LARGE]);
    assert_eq!(v.problems[0].path(), Some("media[0].size"));
    assert!(ok("video/mp4", MAX_MEDIA_BYTES).allowed);
    assert_eq!(
        codes(&ok("video/mp4", MAX_MEDIA_BYTES + 1)),
        [MEDIA_TOO_LARGE]
    );
    assert_eq!(
        codes(&ok("image/gif", MAX_MEDIA_BYTES + 1)),
        [MEDIA_TYPE_NOT_ALLOWED, MEDIA_TOO_LARGE]
    );
    // Unknown size (typical inbound): not checked.
    assert!(ok("image/png", 0).allowed);
    assert!(check_attachment(&ALL, Direction::Inbound, &[item("image/png", None)], None).allowed);
}

#[wasm_bindgen_test(unsupported = test)]
fn one_media_per_message_and_every_problem_reported() {
    let two = [item("image/png", Some(1)), item("application/zip", Some(1))];
    let v = check_attachment(
        &AttachmentSettings::default(),
        Direction::Outbound,
        &two,
        None,
    );
    assert_eq!(
        codes(&v),
        [ATTACHMENTS_DISABLED, TOO_MANY_MEDIA, MEDIA_TYPE_NOT_ALLOWED]
    );
    assert_eq!(v.problems[1].path(), Some("media[1]"));
    assert_eq!(v.problems[2].path(), Some("media[1].contentType"));
    let err = v.into_result().unwrap_err();
    assert_eq!((err.code(), err.problems().len()), (ATTACHMENT_REFUSED, 3));
    let eleven = vec![item("image/png", None); 11];
    assert_eq!(
        codes(&check_attachment(&ALL, Direction::Outbound, &eleven, None)),
        ["INPUT_TOO_LARGE"]
    );
    let long_type = item(&"a".repeat(300), None);
    assert_eq!(
        codes(&check_attachment(
            &ALL,
            Direction::Outbound,
            &[long_type],
            None
        )),
        ["INPUT_TOO_LARGE"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn captions_only_on_images_and_videos() {
    let cap = |ct| {
        check_attachment(
            &ALL,
            Direction::Outbound,
            &[item(ct, None)],
            Some("Here it is"),
        )
    };
    assert!(cap("image/jpeg").allowed);
    assert!(cap("video/mp4").allowed);
    for ct in ["application/pdf", "audio/mpeg", "image/webp", "text/vcard"] {
        let v = cap(ct);
        assert_eq!(codes(&v), [CAPTION_NOT_ALLOWED], "{ct}");
        assert_eq!(v.problems[0].path(), Some("caption"));
    }
    // Blank caption is no caption; inbound captions are the customer's own text.
    assert!(
        check_attachment(
            &ALL,
            Direction::Outbound,
            &[item("application/pdf", None)],
            Some("  ")
        )
        .allowed
    );
    assert!(
        check_attachment(
            &ALL,
            Direction::Inbound,
            &[item("application/pdf", None)],
            Some("invoice")
        )
        .allowed
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn media_urls() {
    assert!(is_media_url("https://cdn.example.com/a.jpg"));
    assert!(is_media_url("http://localhost:8080/a.jpg"));
    for bad in [
        "ftp://x/a.jpg",
        "https://",
        "https:///a",
        "https://x/a b.jpg",
        "/relative.jpg",
        "https://:80/x",
    ] {
        assert!(!is_media_url(bad), "{bad}");
    }
    assert!(!is_media_url(&format!(
        "https://x/{}",
        "a".repeat(MAX_URL_BYTES)
    )));
    let mut m = item("image/png", None);
    m.url = Some("file:///etc/passwd".into());
    let v = check_attachment(&ALL, Direction::Outbound, &[m], None);
    assert_eq!(codes(&v), [MEDIA_URL_INVALID]);
    assert_eq!(v.problems[0].path(), Some("media[0].url"));
}

// ---- issue 22, item 3: captions, stickers, OGG codecs ------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn captions_up_to_1024_characters() {
    let jpg = [item("image/jpeg", Some(1000))];
    let ok = "é".repeat(MAX_CAPTION_CHARS);
    assert!(check_attachment(&ALL, Direction::Outbound, &jpg, Some(&ok)).allowed);
    let long = "é".repeat(MAX_CAPTION_CHARS + 3);
    let v = check_attachment(&ALL, Direction::Outbound, &jpg, Some(&long));
    assert_eq!(codes(&v), [CAPTION_TOO_LONG]);
    let p = &v.problems[0];
    assert_eq!(p.path(), Some("caption"));
    assert_eq!(p.span().map(|s| (s.start, s.end)), Some((1024, 1027)));
    assert!(p.message().contains("63021"));
    let mp4 = [item("video/mp4", Some(1000))];
    assert_eq!(
        codes(&check_attachment(
            &ALL,
            Direction::Outbound,
            &mp4,
            Some(&long)
        )),
        [CAPTION_TOO_LONG]
    );
    // Inbound captions are the customer's text: never refused.
    assert!(check_attachment(&ALL, Direction::Inbound, &jpg, Some(&long)).allowed);
}

#[wasm_bindgen_test(unsupported = test)]
fn stickers_100_kb_static_500_kb_animated() {
    let sticker = |size, animated| MediaItem {
        animated,
        ..item("image/webp", Some(size))
    };
    let verdict = |m: MediaItem| check_attachment(&ALL, Direction::Outbound, &[m], None);
    assert!(verdict(sticker(MAX_STICKER_BYTES, false)).allowed);
    let v = verdict(sticker(MAX_STICKER_BYTES + 1, false));
    assert_eq!(codes(&v), [MEDIA_TOO_LARGE]);
    assert_eq!(v.problems[0].path(), Some("media[0].size"));
    assert!(v.problems[0].message().contains("63034"));
    assert!(verdict(sticker(MAX_ANIMATED_STICKER_BYTES, true)).allowed);
    assert_eq!(
        codes(&verdict(sticker(MAX_ANIMATED_STICKER_BYTES + 1, true))),
        [MEDIA_TOO_LARGE]
    );
    // `animated` only changes the sticker limit.
    assert!(
        verdict(MediaItem {
            animated: true,
            ..item("image/jpeg", Some(4_000_000))
        })
        .allowed
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn ogg_audio_only_with_opus_when_a_codec_is_named() {
    let verdict = |ct| check_attachment(&ALL, Direction::Outbound, &[item(ct, Some(1000))], None);
    assert!(verdict("audio/ogg").allowed);
    assert!(verdict("audio/ogg; codecs=opus").allowed);
    let v = verdict("audio/ogg; codecs=vorbis");
    assert_eq!(codes(&v), [MEDIA_TYPE_NOT_ALLOWED]);
    assert!(v.problems[0].message().contains("opus") && v.problems[0].message().contains("12300"));
    assert_eq!(v.problems[0].path(), Some("media[0].contentType"));
}
