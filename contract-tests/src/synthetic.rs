//! Synthetic OpenAPI documents of any size, for the scaling benchmarks.
//!
//! Each schema has what real payment schemas have: limited strings, a
//! bounded integer, an enum, a pattern, a nullable field, an inline nested
//! object, an array, and a `$ref` to its neighbour (in groups of ten, so
//! `$ref` chains are at most ten deep, as in real APIs; a thousand-deep
//! chain makes every operation reach, and the diff report every change
//! under, every other operation); each operation has path, query and body
//! parameters and two responses. Version 2 of a document changes every
//! tenth schema and drops one operation, so the diff has work.

use std::fmt::Write;

/// The YAML text of a document with `size` schemas and `size` operations.
pub fn spec(size: usize, version: u32) -> String {
    let mut out = String::with_capacity(size * 1_600);
    out.push_str("openapi: 3.0.3\ninfo:\n  title: Synthetic\n  version: '1'\n");
    out.push_str("servers:\n  - url: https://api.example.com/v1\n    x-server-name: production\n");
    out.push_str("security:\n  - key: []\npaths:\n");
    for i in 0..size {
        if version == 2 && i == size / 2 {
            continue;
        }
        let _ = write!(
            out,
            "  /resources{i}/{{id}}:
    post:
      operationId: updateResource{i}
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
        - name: limit
          in: query
          schema:
            type: integer
            maximum: 100
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Resource{i}'
      responses:
        '200':
          description: Updated.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Resource{i}'
        '404':
          description: Not found.
"
        );
    }
    out.push_str("components:\n  securitySchemes:\n    key:\n      type: apiKey\n      in: header\n      name: X-Api-Key\n  schemas:\n");
    for i in 0..size {
        let changed = version == 2 && i % 10 == 0;
        let name_limit = if changed { 32 } else { 64 };
        let statuses = if changed { "[A, B]" } else { "[A, B, C]" };
        let _ = write!(
            out,
            "    Resource{i}:
      description: Resource number {i}.
      type: object
      required: [id, name{extra_required}]
      properties:
        id:
          type: string
          maxLength: 36
        name:
          type: string
          minLength: 1
          maxLength: {name_limit}
        amount:
          type: integer
          minimum: 0
          maximum: 1000000
        status:
          type: string
          enum: {statuses}
        details:
          type: object
          properties:
            code:
              type: string
              pattern: '^[A-Z]{{3}}$'
            note:
              type: string
              nullable: true
        tags:
          type: array
          maxItems: 5
          items:
            type: string
            maxLength: 10
",
            extra_required = if changed { ", amount" } else { "" },
        );
        if i % 10 != 0 {
            let _ = write!(
                out,
                "        previous:\n          $ref: '#/components/schemas/Resource{}'\n",
                i - 1
            );
        }
    }
    out
}

/// A payload that fits `Resource{i}` of [`spec`].
pub fn payload(i: usize) -> String {
    format!(
        r#"{{"id":"res-{i}","name":"リソース{i}","amount":{amount},"status":"B","details":{{"code":"JPY","note":null}},"tags":["a","b"]}}"#,
        amount = i * 7 % 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_load_and_model_at_every_size() {
        for size in [10, 100] {
            for version in [1, 2] {
                let text = spec(size, version);
                let loaded =
                    openapi_sdkgen::load::load_str(std::path::Path::new("synthetic.yaml"), &text)
                        .unwrap_or_else(|e| panic!("{e}"));
                let built =
                    openapi_sdkgen::model::build_model(&loaded).unwrap_or_else(|e| panic!("{e}"));
                let dropped = usize::from(version == 2);
                assert_eq!(built.model.operations.len(), size - dropped);
                // Each resource, its inline details object and its status enum.
                assert_eq!(built.model.types.len(), 3 * size);
            }
        }
    }

    #[test]
    fn payloads_are_json() {
        let value: serde_json::Value = serde_json::from_str(&payload(12)).expect("JSON");
        assert_eq!(value["id"], "res-12");
    }
}
