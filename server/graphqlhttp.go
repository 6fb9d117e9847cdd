package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Media types of GraphQL responses (GraphQL over HTTP, https://graphql.github.io/graphql-over-http/).
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// CodeBadRequest is the extensions.code of a request that is not a well-formed GraphQL over
// HTTP request (wrong method, media type, JSON or parameter types), as opposed to a
// well-formed one whose GraphQL document or input values are at fault.
const CodeBadRequest = "BAD_REQUEST"

// GraphQLOverHTTP makes the GraphQL endpoint next conform to the GraphQL over HTTP
// specification where gqlgen's transports do not:
//
//   - it negotiates the response media type itself (application/graphql-response+json when
//     the client accepts it at least as much as application/json, application/json for no
//     Accept header or a wildcard, 406 when neither is acceptable) and passes the choice on
//     to gqlgen as the only Accept value;
//   - it refuses what is not a well-formed request before gqlgen sees it: 405 for methods
//     other than GET, POST and OPTIONS, 415 for a POST that is not application/json in UTF-8,
//     400 for a body that is not a JSON object or a parameter of the wrong type, with short
//     messages that never echo the request;
//   - it rewrites gqlgen's error responses: 405 with Allow for a mutation sent by GET, 400
//     for a request without a query (unless a persisted query stood for it), 200
//     (application/json) or 400 (application/graphql-response+json) instead of 422 for
//     parse, validation and variable errors, no "data" entry in a request error, and no
//     message that quotes the request body.
//
// Only responses whose status is not 200 are buffered; successful ones stream unchanged.
func GraphQLOverHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodPost:
		case http.MethodOptions:
			next.ServeHTTP(w, r) // CORS preflight is answered before; plain OPTIONS lists the methods
			return
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeRequestError(w, http.StatusMethodNotAllowed, mediaJSON, "use GET or POST for GraphQL requests")
			return
		}
		media, ok := negotiate(r.Header.Values("Accept"))
		if !ok {
			writeRequestError(w, http.StatusNotAcceptable, mediaJSON,
				"the response can only be "+mediaGraphQLResponse+" or "+mediaJSON+": accept one of them")
			return
		}
		r.Header.Set("Accept", media)

		var (
			status  int
			msg     string
			noQuery bool
		)
		if r.Method == http.MethodPost {
			status, msg, noQuery = checkPost(r)
		} else {
			status, msg, noQuery = checkGet(r.URL.RawQuery)
		}
		switch status {
		case 0:
		case http.StatusRequestEntityTooLarge:
			return // the body limit has answered already
		default:
			writeRequestError(w, status, media, msg)
			return
		}

		cw := &conformingWriter{ResponseWriter: w, noQuery: noQuery}
		next.ServeHTTP(cw, r)
		cw.finish(r.Method, media)
	})
}

// negotiate picks the response media type from the Accept header values. The most specific
// range that matches a type gives its quality (RFC 9110 §12.5.1); an absent header means
// application/json.
func negotiate(accept []string) (string, bool) {
	if len(accept) == 0 {
		return mediaJSON, true
	}
	type match struct {
		q           float64
		specificity int // 0 none, 1 */*, 2 application/*, 3 exact
	}
	var graphQLResponse, plainJSON match
	consider := func(m *match, q float64, specificity int) {
		if specificity > m.specificity || (specificity == m.specificity && q > m.q) {
			*m = match{q, specificity}
		}
	}
	for _, value := range accept {
		for part := range strings.SplitSeq(value, ",") {
			mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil || q < 0 || q > 1 {
					continue
				}
			}
			switch mediaType {
			case mediaGraphQLResponse:
				consider(&graphQLResponse, q, 3)
			case mediaJSON:
				consider(&plainJSON, q, 3)
			case "application/*":
				consider(&graphQLResponse, q, 2)
				consider(&plainJSON, q, 2)
			case "*/*":
				consider(&graphQLResponse, q, 1)
				consider(&plainJSON, q, 1)
			}
		}
	}
	// A wildcard alone means application/json (the spec's default for legacy clients);
	// application/graphql-response+json is chosen when named and not less wanted.
	switch {
	case graphQLResponse.specificity == 3 && graphQLResponse.q > 0 && graphQLResponse.q >= plainJSON.q:
		return mediaGraphQLResponse, true
	case plainJSON.q > 0:
		return mediaJSON, true
	case graphQLResponse.q > 0:
		return mediaGraphQLResponse, true
	}
	return "", false
}

// checkPost checks a POST's media type and body, and leaves the body readable again. It
// returns status 0 when the request may go on, else the status and a message for the
// client; noQuery tells that the request has no query text.
func checkPost(r *http.Request) (status int, msg string, noQuery bool) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != mediaJSON {
		return http.StatusUnsupportedMediaType, "send the request body as " + mediaJSON, false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return http.StatusUnsupportedMediaType, "send the request body in UTF-8", false
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return http.StatusRequestEntityTooLarge, "", false
		}
		return http.StatusBadRequest, "the request body could not be read", false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(bytes.TrimSpace(body)) == 0 {
		return http.StatusBadRequest, "the request body is empty: send a JSON object with a query", false
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return http.StatusBadRequest, "the request body must be a JSON object", false
		}
		return http.StatusBadRequest, "the request body is not valid JSON", false
	}
	if fields == nil { // the body was null
		return http.StatusBadRequest, "the request body must be a JSON object", false
	}
	kinds := map[string]string{}
	for name, raw := range fields {
		kinds[name] = jsonKind(raw)
	}
	return checkParams(kinds)
}

// checkGet checks a GET's query string, as checkPost does a body.
func checkGet(rawQuery string) (status int, msg string, noQuery bool) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return http.StatusBadRequest, "the query string is malformed", false
	}
	kinds := map[string]string{}
	for name := range values {
		v := values.Get(name)
		switch name {
		case "query", "operationName":
			kinds[name] = jsonKind(json.RawMessage(strconv.Quote(v)))
		case "variables", "extensions":
			// Both are JSON text in a GET; an empty one counts as absent.
			if v == "" {
				continue
			}
			if !json.Valid([]byte(v)) {
				return http.StatusBadRequest, name + " is not valid JSON", false
			}
			kinds[name] = jsonKind(json.RawMessage(v))
		}
	}
	return checkParams(kinds)
}

// checkParams checks the kinds of the request parameters (as named by jsonKind): query a
// string, operationName a string, variables and extensions objects, each of them possibly
// null. A request with no query text goes on: the hash of a persisted query may stand for
// it, and if not the executor refuses it (with 400, see finish).
func checkParams(kinds map[string]string) (status int, msg string, noQuery bool) {
	for name, want := range map[string]string{"operationName": "string", "variables": "object", "extensions": "object"} {
		k, ok := kinds[name]
		if k == "empty string" {
			k = "string"
		}
		if ok && k != want && k != "null" {
			return http.StatusBadRequest, name + " must be a" + article(want) + " " + want + " or null", false
		}
	}
	switch kinds["query"] {
	case "string":
		return 0, "", false
	case "", "null", "empty string":
		return 0, "", true
	}
	return http.StatusBadRequest, "query must be a string", false
}

func article(word string) string {
	if strings.ContainsAny(word[:1], "aeiou") {
		return "n"
	}
	return ""
}

// jsonKind names the kind of a valid JSON value by its first byte: object, array, string
// (or empty string), number, boolean or null.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	if string(raw) == `""` {
		return "empty string"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// writeRequestError answers a request that never reached the GraphQL executor: an error
// response with no data entry.
func writeRequestError(w http.ResponseWriter, status int, media, msg string) {
	ObserveError(CodeBadRequest)
	w.Header().Set("Content-Type", media)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(requestError{Errors: []requestErrorEntry{{msg, errorExtensions{CodeBadRequest}}}})
}

// requestError is an error response with no data entry, message first.
type requestError struct {
	Errors []requestErrorEntry `json:"errors"`
}

type requestErrorEntry struct {
	Message    string          `json:"message"`
	Extensions errorExtensions `json:"extensions"`
}

type errorExtensions struct {
	Code string `json:"code"`
}

// conformingWriter passes a 200 response through as it is written, and holds back any
// other for finish to correct.
type conformingWriter struct {
	http.ResponseWriter
	noQuery bool          // the request has no query text
	status  int           // 0 until the status is known
	held    *bytes.Buffer // the body of a response held back
}

func (c *conformingWriter) WriteHeader(status int) {
	if status < 200 { // informational: not the response's status
		c.ResponseWriter.WriteHeader(status)
		return
	}
	if c.status != 0 {
		return
	}
	c.status = status
	if status == http.StatusOK {
		c.ResponseWriter.WriteHeader(status)
		return
	}
	c.held = new(bytes.Buffer)
}

func (c *conformingWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.held != nil {
		return c.held.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// Flush commits a response whose status is not set yet as a 200, as http.ResponseWriter does.
func (c *conformingWriter) Flush() {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.held == nil {
		if f, ok := c.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
	}
}

func (c *conformingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// finish writes a held-back response, corrected.
func (c *conformingWriter) finish(method, media string) {
	if c.held == nil {
		return
	}
	status, body := c.status, c.held.Bytes()
	var resp struct {
		Errors     json.RawMessage `json:"errors"`
		Data       json.RawMessage `json:"data,omitempty"`
		Extensions json.RawMessage `json:"extensions,omitempty"`
	}
	if json.Unmarshal(body, &resp) != nil || len(resp.Errors) == 0 {
		c.ResponseWriter.WriteHeader(status)
		c.ResponseWriter.Write(body)
		return
	}
	switch {
	case method == http.MethodGet && status == http.StatusNotAcceptable:
		// gqlgen's answer to a mutation or subscription sent by GET: the Accept header
		// cannot be the cause, it was negotiated above.
		c.Header().Set("Allow", "POST")
		writeRequestError(c.ResponseWriter, http.StatusMethodNotAllowed, media,
			"GET requests can only run queries: send mutations with POST")
		return
	case c.noQuery && status < 500:
		status = http.StatusBadRequest // not a well-formed request, whatever the executor says
	case status == http.StatusUnprocessableEntity && media == mediaJSON:
		status = http.StatusOK // a well-formed request whose document or variables are at fault
	case status == http.StatusUnprocessableEntity:
		status = http.StatusBadRequest
	}
	// Any response that is not 200 reports a request error: nothing was executed, so there
	// is no data entry (GraphQL spec, section Response Format).
	if bytes.Equal(bytes.TrimSpace(resp.Data), []byte("null")) {
		resp.Data = nil
	}
	resp.Errors = safeErrors(resp.Errors)
	out, err := json.Marshal(resp)
	if err != nil {
		out = body
	}
	c.Header().Del("Content-Length")
	c.ResponseWriter.WriteHeader(status)
	c.ResponseWriter.Write(out)
}

// gqlgen's messages that quote the request body or an internal error.
var unsafeMessages = []string{"json request body could not be decoded", "could not read request body"}

// safeErrors replaces the messages that start with one of unsafeMessages.
func safeErrors(raw json.RawMessage) json.RawMessage {
	var errs []map[string]any
	if json.Unmarshal(raw, &errs) != nil {
		return raw
	}
	changed := false
	for _, e := range errs {
		msg, _ := e["message"].(string)
		for _, prefix := range unsafeMessages {
			if strings.HasPrefix(msg, prefix) {
				e["message"] = "the request body is not a valid GraphQL request"
				e["extensions"] = map[string]string{"code": CodeBadRequest}
				changed = true
			}
		}
	}
	if !changed {
		return raw
	}
	out, err := json.Marshal(errs)
	if err != nil {
		return raw
	}
	return out
}
