//! The writer against the `Value` it replaces, on every shape serde has.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{json, Value};

use super::*;

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(u8),
    Tuple(i32, f64),
    Struct { z: Option<u8>, a: &'static str },
}

#[derive(Serialize)]
struct Inner {
    zeta: f32,
    alpha: Vec<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    absent: Option<u8>,
}

#[derive(Serialize)]
struct Outer {
    shapes: Vec<Shape>,
    by_key: HashMap<u32, Inner>,
    text: BTreeMap<String, String>,
    empty: BTreeMap<String, u8>,
    nothing: Vec<Inner>,
    big: i128,
    #[serde(with = "serde_bytes_like")]
    bytes: Vec<u8>,
    nan: f64,
}

mod serde_bytes_like {
    pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(b)
    }
}

/// What the document sink did before: fill a `Value`, pretty print it.
fn via_value<T: Serialize>(value: &T, schema: &Value) -> Vec<u8> {
    let mut v = serde_json::to_value(value).unwrap();
    crate::json::fill_absent(&mut v, schema, schema);
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn every_serde_shape_prints_as_the_filled_value_does() {
    let schema = json!({
        "properties": {
            "by_key": {"additionalProperties": {"$ref": "#/$defs/inner"}},
            "missing_list": {"type": "array"},
            "missing": {"type": ["array", "null"]},
            "nothing": {"type": "array", "items": {"$ref": "#/$defs/inner"}},
            "shapes": {"items": {"properties": {"Struct": {"properties": {"m": {}}}}}},
        },
        "$defs": {"inner": {"properties": {"absent": {}, "b": {"type": "array"}}}}
    });
    let value = Outer {
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(-3, 0.1),
            Shape::Struct {
                z: None,
                a: "\"q\"\n",
            },
        ],
        by_key: HashMap::from([
            (
                10,
                Inner {
                    zeta: 1.5,
                    alpha: vec![],
                    absent: Some(1),
                },
            ),
            (
                2,
                Inner {
                    zeta: -0.0,
                    alpha: vec![1, 2],
                    absent: None,
                },
            ),
        ]),
        text: BTreeMap::from([("列".into(), "值\u{7}".into()), ("a".into(), String::new())]),
        empty: BTreeMap::new(),
        nothing: Vec::new(),
        big: -(1 << 40),
        bytes: vec![0, 255],
        nan: f64::NAN,
    };
    let compiled = Schema::compile(&schema);
    let got = to_vec(&value, &compiled).unwrap();
    assert_eq!(
        String::from_utf8(got).unwrap(),
        String::from_utf8(via_value(&value, &schema)).unwrap()
    );
}

/// A destination that records the size of every write it is given.
#[derive(Default)]
struct Counting {
    bytes: Vec<u8>,
    writes: Vec<usize>,
}

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        self.writes.push(buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_long_member_reaches_the_destination_in_pieces() {
    #[derive(Serialize)]
    struct Doc {
        zeta: &'static str,
        rows: Vec<Inner>,
        alpha: u8,
    }
    let rows: Vec<Inner> = (0..20_000)
        .map(|i| Inner {
            zeta: i as f32,
            alpha: vec![1, 2, 3],
            absent: (i % 3 == 0).then_some(4),
        })
        .collect();
    let doc = Doc {
        zeta: "z",
        rows,
        alpha: 1,
    };
    let schema = json!({
        "properties": {"later": {"type": "array"}, "rows": {"items": {"$ref": "#/$defs/inner"}}},
        "$defs": {"inner": {"properties": {"absent": {}, "b": {"type": "array"}}}}
    });
    let mut dest = Counting::default();
    to_writer(&doc, &Schema::compile(&schema), &mut dest).unwrap();
    assert_eq!(dest.bytes, via_value(&doc, &schema));
    // About 2 MB of rows, never held whole: no write is much over the
    // buffer's drain size.
    assert!(dest.bytes.len() > 1_000_000);
    let largest = dest.writes.iter().max().copied().unwrap_or(0);
    assert!(largest < 2 * DRAIN, "a write of {largest} bytes");
}

#[test]
fn values_other_than_a_plain_object_are_written_whole() {
    let schema = json!({"properties": {"Struct": {"properties": {"m": {}}}}});
    let compiled = Schema::compile(&schema);
    let shapes = vec![Shape::Newtype(1), Shape::Unit];
    let variant = Shape::Struct { z: Some(2), a: "a" };
    assert_eq!(
        to_vec(&shapes, &compiled).unwrap(),
        via_value(&shapes, &schema)
    );
    assert_eq!(
        to_vec(&variant, &compiled).unwrap(),
        via_value(&variant, &schema)
    );
    assert_eq!(to_vec(&7u8, &compiled).unwrap(), b"7");
    let empty: BTreeMap<String, u8> = BTreeMap::new();
    assert_eq!(
        to_vec(&empty, &compiled).unwrap(),
        via_value(&empty, &schema)
    );
}

#[test]
fn of_two_members_with_one_key_the_last_is_written() {
    struct Twice;
    impl Serialize for Twice {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut m = s.serialize_map(None)?;
            m.serialize_entry("b", &1)?;
            m.serialize_entry("a", &2)?;
            m.serialize_entry("b", &3)?;
            m.end()
        }
    }
    let got = to_vec(&Twice, &Schema::compile(&json!({}))).unwrap();
    assert_eq!(
        String::from_utf8(got).unwrap(),
        "{\n  \"a\": 2,\n  \"b\": 3\n}"
    );
}

#[test]
fn one_long_table_reaches_the_destination_in_pieces() {
    #[derive(Serialize)]
    struct Table {
        title: &'static str,
        rows: Vec<Inner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<&'static str>,
    }
    #[derive(Serialize)]
    struct Doc {
        tables: Vec<Table>,
        file: &'static str,
    }
    let rows = |n: usize| -> Vec<Inner> {
        (0..n)
            .map(|i| Inner {
                zeta: i as f32,
                alpha: vec![7; i % 4],
                absent: None,
            })
            .collect()
    };
    let doc = Doc {
        tables: vec![
            Table {
                title: "小",
                rows: rows(3),
                unit: Some("万元"),
            },
            Table {
                title: "大",
                rows: rows(30_000),
                unit: None,
            },
        ],
        file: "a.pdf",
    };
    let schema = json!({
        "properties": {"tables": {"items": {"$ref": "#/$defs/table"}}},
        "$defs": {
            "table": {"properties": {"unit": {}, "notes": {"type": "array"},
                "rows": {"items": {"$ref": "#/$defs/inner"}}}},
            "inner": {"properties": {"absent": {}, "b": {"type": "array"}}}
        }
    });
    let mut dest = Counting::default();
    to_writer(&doc, &Schema::compile(&schema), &mut dest).unwrap();
    assert_eq!(
        String::from_utf8(dest.bytes.clone()).unwrap(),
        String::from_utf8(via_value(&doc, &schema)).unwrap()
    );
    assert!(dest.bytes.len() > 2_000_000);
    let largest = dest.writes.iter().max().copied().unwrap_or(0);
    assert!(largest < 2 * DRAIN, "a write of {largest} bytes");
}
