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
