// The OpenAPI 3.1 document served at /api/openapi.json. Written by hand, not
// generated from the router, so that tests/server/openapi_test.cc can check
// the two against each other (every route documented, every documented
// route served).
#include <string_view>

namespace rampart::server {

std::string_view OpenApiDocument() {
  static constexpr std::string_view kDocument = R"json({
  "openapi": "3.1.0",
  "info": {"title": "rampart", "version": "1", "description": "REST API and TAXII 2.1 server of rampart. Every route needs a Bearer token, HTTP Basic or a session cookie, except TAXII discovery and the login."},
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer"},
      "basic": {"type": "http", "scheme": "basic"},
      "cookie": {"type": "apiKey", "in": "cookie", "name": "rampart_session"}
    },
    "schemas": {
      "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
      "TaxiiError": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "http_status": {"type": "string"}}}
    },
    "parameters": {
      "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
      "ref": {"name": "ref", "in": "path", "required": true, "schema": {"type": "string"}, "description": "STIX id, external id (G0065), name or alias"},
      "root": {"name": "root", "in": "path", "required": true, "schema": {"type": "string"}},
      "collection": {"name": "collection", "in": "path", "required": true, "schema": {"type": "string"}},
      "object": {"name": "object", "in": "path", "required": true, "schema": {"type": "string"}},
      "status": {"name": "status", "in": "path", "required": true, "schema": {"type": "string"}},
      "added_after": {"name": "added_after", "in": "query", "schema": {"type": "string", "format": "date-time"}},
      "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
      "next": {"name": "next", "in": "query", "schema": {"type": "string"}}
    }
  },
  "security": [{"bearer": []}, {"basic": []}, {"cookie": []}],
  "paths": {
    "/api/openapi.json": {"get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    "/api/v1/login": {"post": {"summary": "user name and password for a session cookie and a CSRF token", "security": [],
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["user", "password"], "properties": {"user": {"type": "string"}, "password": {"type": "string"}}}}}},
      "responses": {"200": {"description": "Set-Cookie rampart_session; body has csrf_token"}, "401": {"description": "wrong credentials"}, "429": {"description": "too many failures"}}}},
    "/api/v1/logout": {"post": {"summary": "ends the browser session", "responses": {"200": {"description": "cookie cleared"}}}},
    "/api/v1/me": {"get": {"summary": "the caller", "responses": {"200": {"description": "name, role, organisation, clearance"}}}},
    "/api/v1/objects": {"get": {"summary": "list (cursor-paged) or search objects",
      "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}, {"name": "type", "in": "query", "schema": {"type": "string"}},
                     {"$ref": "#/components/parameters/limit"}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "{objects, next_cursor} or {results}"}, "400": {"description": "bad parameter"}}}},
    "/api/v1/objects/{ref}": {"get": {"summary": "one object", "parameters": [{"$ref": "#/components/parameters/ref"}],
      "responses": {"200": {"description": "the STIX object, with ETag"}, "304": {"description": "If-None-Match matched"}, "404": {"description": "not found or not visible"}}}},
    "/api/v1/objects/{ref}/versions": {"get": {"summary": "every stored version", "parameters": [{"$ref": "#/components/parameters/ref"}],
      "responses": {"200": {"description": "{id, versions}"}, "404": {"description": "not found"}}}},
    "/api/v1/objects/{ref}/graph": {"get": {"summary": "relationships around an object", "parameters": [{"$ref": "#/components/parameters/ref"}, {"name": "depth", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 3}}],
      "responses": {"200": {"description": "{root, depth, nodes, edges}"}, "404": {"description": "not found"}}}},
    "/api/v1/statistics": {"get": {"summary": "object counts per type", "responses": {"200": {"description": "{objects_by_type}"}}}},
    "/api/v1/objects/{ref}/view": {"get": {"summary": "the analyst's view of an object (as intel get --json); relations above the caller's clearance withheld", "parameters": [{"$ref": "#/components/parameters/ref"}], "responses": {"200": {"description": "view with relations by section and 'withheld'"}, "404": {"description": "no such object within the caller's clearance"}}}},
    "/api/v1/reports": {
      "get": {"summary": "reports within the caller's clearance, newest first", "responses": {"200": {"description": "{items}"}}},
      "post": {"summary": "read a document and store its report (analysts)", "parameters": [{"name": "filename", "in": "query", "required": true, "schema": {"type": "string"}}, {"name": "source", "in": "query", "schema": {"type": "string"}}, {"name": "published", "in": "query", "schema": {"type": "string"}}, {"name": "url", "in": "query", "schema": {"type": "string"}}, {"name": "tlp", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/octet-stream": {}, "text/plain": {}, "text/html": {}, "application/pdf": {}}},
        "responses": {"201": {"description": "{id, name, inserted, claims, entities, observables}"}, "400": {"description": "not a readable document"}, "403": {"description": "readers cannot write"}}}},
    "/api/v1/reports/{id}": {"get": {"summary": "one report: entities, claims (claimant, estimative language, confidence, quote), observables", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "report"}, "404": {"description": "no such report within the caller's clearance"}}}},
    "/api/v1/incidents": {"get": {"summary": "incidents; a constituent reader sees its own", "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}, {"name": "constituent", "in": "query", "schema": {"type": "string"}}, {"name": "sector", "in": "query", "schema": {"type": "string"}}, {"name": "actor", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "{items}"}, "400": {"description": "unknown state"}}}},
    "/api/v1/incidents/{id}": {
      "get": {"summary": "one incident with its history", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "incident"}, "404": {"description": "no such incident for the caller"}}},
      "patch": {"summary": "change state, assignee, or add a note (analysts)", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"state": {"type": "string"}, "assignee": {"type": "string"}, "note": {"type": "string"}}}}}},
        "responses": {"200": {"description": "the updated incident"}, "400": {"description": "transition not allowed or bad field"}, "403": {"description": "readers cannot write"}}}},
    "/api/v1/constituents": {"get": {"summary": "constituents (a reader: its own); never a contact secret", "responses": {"200": {"description": "{items}"}}}},
    "/api/v1/advisories": {"get": {"summary": "advisories within the caller's clearance (a reader: its own)", "responses": {"200": {"description": "{items}"}}}},
    "/api/v1/deliveries": {"get": {"summary": "deliveries and their states (a reader: its own)", "responses": {"200": {"description": "{items}"}}}},
    "/api/v1/stats": {"get": {"summary": "incidents, assists, advisories, recipients and deliveries, by sector|constituent|actor|month|state (analysts)", "parameters": [{"name": "by", "in": "query", "schema": {"type": "string"}}, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}}], "responses": {"200": {"description": "{by, rows, total}"}, "403": {"description": "constituent readers"}}}},
    "/api/v1/hunts": {
      "get": {"summary": "the caller's hunts (an admin: everyone's), newest first", "responses": {"200": {"description": "{items}"}, "403": {"description": "constituent readers"}}},
      "post": {"summary": "start a hunt: the log as the body (query: rules, store, format, constituent, filename), or JSON {path, rules, store, format, constituent} naming a file or folder under a --hunt-root",
        "parameters": [{"name": "rules", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true}, {"name": "store", "in": "query", "schema": {"type": "boolean"}}, {"name": "format", "in": "query", "schema": {"type": "string"}}, {"name": "constituent", "in": "query", "schema": {"type": "string"}}, {"name": "filename", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["path", "rules"], "properties": {"path": {"type": "string"}, "rules": {"type": "array", "items": {"type": "string"}}, "store": {"type": "boolean"}, "format": {"type": "string"}, "constituent": {"type": "string"}}}}, "application/octet-stream": {}, "text/plain": {}}},
        "responses": {"202": {"description": "the queued job, Location /api/v1/hunts/{id}"}, "400": {"description": "unknown rule set, bad field or format"}, "403": {"description": "constituent readers; a path outside the hunt roots"}, "404": {"description": "no such path"}, "413": {"description": "upload larger than --max-hunt-upload"}, "429": {"description": "too many hunts waiting"}}}},
    "/api/v1/hunts/{id}": {
      "get": {"summary": "a hunt: state (queued, running, done, failed, cancelled), records, bytes, total_bytes, progress, hits, summary, incidents", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "job"}, "404": {"description": "no such hunt for the caller"}}},
      "delete": {"summary": "cancel a queued or running hunt (202), or remove an ended one and its hits (204)", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"202": {"description": "cancelled"}, "204": {"description": "removed"}, "404": {"description": "no such hunt"}}}},
    "/api/v1/hunts/{id}/cancel": {"post": {"summary": "cancel a queued or running hunt", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"202": {"description": "cancelled"}, "404": {"description": "no such hunt"}, "409": {"description": "the hunt has ended"}}}},
    "/api/v1/hunts/{id}/hits": {"get": {"summary": "hits as JSON {items, next_cursor} (limit 1..1000, default 100) or, with Accept application/x-ndjson or format=ndjson, JSON lines (X-Next-Cursor header); next_cursor is null once the hunt has ended and every hit was read",
      "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/limit"}, {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "ndjson"]}}],
      "responses": {"200": {"description": "hits (the objects of hunt --output jsonl)", "content": {"application/json": {}, "application/x-ndjson": {}}}, "400": {"description": "bad cursor or limit"}, "404": {"description": "no such hunt"}}}},
    "/api/v1/rules": {"get": {"summary": "the rule sets a hunt may choose (serve --rules), with rule, correlation and error counts", "responses": {"200": {"description": "{items: [{name, rules, correlations, errors}]}"}, "403": {"description": "constituent readers"}}}},
    "/api/v1/rules/check": {"post": {"summary": "check an uploaded Sigma rule; the answer is the JSON of rules check --json", "requestBody": {"content": {"application/yaml": {}, "text/plain": {}}}, "responses": {"200": {"description": "{summary, results}"}, "400": {"description": "empty body"}, "403": {"description": "constituent readers"}, "413": {"description": "larger than 1 MiB"}}}},
    "/api/v1/users": {"get": {"summary": "users (admin only)", "responses": {"200": {"description": "{users}"}, "403": {"description": "not an admin"}}}},
    "/taxii2/": {"get": {"summary": "TAXII discovery", "security": [], "responses": {"200": {"description": "discovery"}}}},
    "/taxii2/{root}/": {"get": {"summary": "API root", "parameters": [{"$ref": "#/components/parameters/root"}], "responses": {"200": {"description": "api-root"}}}},
    "/taxii2/{root}/status/{status}/": {"get": {"summary": "status of an add-objects request", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/status"}], "responses": {"200": {"description": "status"}}}},
    "/taxii2/{root}/collections/": {"get": {"summary": "collections", "parameters": [{"$ref": "#/components/parameters/root"}], "responses": {"200": {"description": "collections"}}}},
    "/taxii2/{root}/collections/{collection}/": {"get": {"summary": "one collection", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}], "responses": {"200": {"description": "collection"}}}},
    "/taxii2/{root}/collections/{collection}/objects/": {
      "get": {"summary": "objects, paged", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}, {"$ref": "#/components/parameters/added_after"}, {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/next"}], "responses": {"200": {"description": "envelope"}}},
      "post": {"summary": "add objects", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}], "responses": {"202": {"description": "status"}, "415": {"description": "wrong Content-Type"}}}},
    "/taxii2/{root}/collections/{collection}/manifest/": {"get": {"summary": "manifest, paged", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}], "responses": {"200": {"description": "manifest"}}}},
    "/taxii2/{root}/collections/{collection}/objects/{object}/": {
      "get": {"summary": "one object's versions", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}, {"$ref": "#/components/parameters/object"}], "responses": {"200": {"description": "envelope"}}},
      "delete": {"summary": "refused (403): the knowledge base keeps every version", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}, {"$ref": "#/components/parameters/object"}], "responses": {"403": {"description": "never permitted"}}}},
    "/taxii2/{root}/collections/{collection}/objects/{object}/versions/": {"get": {"summary": "version list, paged", "parameters": [{"$ref": "#/components/parameters/root"}, {"$ref": "#/components/parameters/collection"}, {"$ref": "#/components/parameters/object"}], "responses": {"200": {"description": "versions"}}}}
  }
})json";
  return kDocument;
}

}  // namespace rampart::server
