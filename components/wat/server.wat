;; A wasi:mcp server written by hand in WebAssembly text: no compiler, no
;; language runtime, no WASI. It shows the component model's canonical ABI
;; with nothing in between, and what a component from any language has to do.
;;
;; Build and run it like any other component:
;;   mcp-host build components/wat/server.wat -o wat.wasm
;;   mcp-host run wat.wasm
;; (`build` parses the text, embeds the world wasi:mcp/mcp-backend and makes
;; the component; the result is about 3 KB.)
;;
;; Written the way the wasi:mcp proposal's examples are: the entry
;; (wasi:cli/run) registers the server, its tools and its resources, then
;; calls serve(). It offers
;;   - tool `echo`: returns its arguments, as text and as structured content;
;;   - resource `hello://greeting`: a fixed text.
;;
;; Memory map
;;   1024..    constant strings (data segments below)
;;   4096..    records passed to the runtime imports while `run` registers
;;   8192..    return areas of the exported handlers
;;   65536..   heap for what the host passes in (cabi_realloc, a bump
;;             allocator reset after each handler call by its post-return)
;;
;; Layouts follow the canonical ABI: a string or list is (ptr: i32, len: i32);
;; option<T> is a u8 tag (0 none, 1 some) and T at T's alignment; result is a
;; u8 tag (0 ok, 1 err) and the payload at its alignment. Offsets are noted
;; beside each store. Memory starts zeroed, so every option left alone is
;; `none` and every bool `false`.
(module
  (import "wasi:mcp/runtime@0.1.0" "register-server" (func $register_server (param i32 i32)))
  (import "wasi:mcp/runtime@0.1.0" "register-tools" (func $register_tools (param i32 i32 i32)))
  (import "wasi:mcp/runtime@0.1.0" "register-resources" (func $register_resources (param i32 i32 i32)))
  (import "wasi:mcp/runtime@0.1.0" "serve" (func $serve (param i32)))

  (memory (export "memory") 2)

  ;; Constant strings: address and length in bytes.
  (global $NAME i32 (i32.const 1024))                  (global $NAME_LEN i32 (i32.const 9))
  (global $VERSION i32 (i32.const 1048))               (global $VERSION_LEN i32 (i32.const 5))
  (global $INSTRUCTIONS i32 (i32.const 1064))          (global $INSTRUCTIONS_LEN i32 (i32.const 76))
  (global $ECHO i32 (i32.const 1152))                  (global $ECHO_LEN i32 (i32.const 4))
  (global $ECHO_TITLE i32 (i32.const 1168))            (global $ECHO_TITLE_LEN i32 (i32.const 4))
  (global $ECHO_DESCRIPTION i32 (i32.const 1184))      (global $ECHO_DESCRIPTION_LEN i32 (i32.const 57))
  (global $ECHO_SCHEMA i32 (i32.const 1256))           (global $ECHO_SCHEMA_LEN i32 (i32.const 77))
  (global $GREETING_URI i32 (i32.const 1344))          (global $GREETING_URI_LEN i32 (i32.const 16))
  (global $GREETING_NAME i32 (i32.const 1368))         (global $GREETING_NAME_LEN i32 (i32.const 8))
  (global $GREETING_TITLE i32 (i32.const 1384))        (global $GREETING_TITLE_LEN i32 (i32.const 8))
  (global $GREETING_DESCRIPTION i32 (i32.const 1400))  (global $GREETING_DESCRIPTION_LEN i32 (i32.const 45))
  (global $TEXT_PLAIN i32 (i32.const 1456))            (global $TEXT_PLAIN_LEN i32 (i32.const 10))
  (global $GREETING i32 (i32.const 1480))              (global $GREETING_LEN i32 (i32.const 51))
  (global $NO_TOOL i32 (i32.const 1544))               (global $NO_TOOL_LEN i32 (i32.const 12))
  (global $NO_RESOURCE i32 (i32.const 1568))           (global $NO_RESOURCE_LEN i32 (i32.const 16))
  (global $UNSUPPORTED i32 (i32.const 1592))           (global $UNSUPPORTED_LEN i32 (i32.const 56))

  (data (i32.const 1024) "wat-hello")
  (data (i32.const 1048) "0.1.0")
  (data (i32.const 1064) "Written by hand in WebAssembly text. Tool: echo. Resource: hello://greeting.")
  (data (i32.const 1152) "echo")
  (data (i32.const 1168) "Echo")
  (data (i32.const 1184) "Returns its arguments, as text and as structured content.")
  (data (i32.const 1256) "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}")
  (data (i32.const 1344) "hello://greeting")
  (data (i32.const 1368) "greeting")
  (data (i32.const 1384) "Greeting")
  (data (i32.const 1400) "A fixed greeting, stored in the data section.")
  (data (i32.const 1456) "text/plain")
  (data (i32.const 1480) "Hello from a component written in WebAssembly text!")
  (data (i32.const 1544) "no such tool")
  (data (i32.const 1568) "no such resource")
  (data (i32.const 1592) "this server has no prompts, completions or subscriptions")

  ;; Records built by `run` (4096..) and return areas (8192..).
  (global $SERVER_INFO i32 (i32.const 4096))      ;; server-info, 80 bytes
  (global $TOOLS i32 (i32.const 4352))            ;; list<tool-definition>, one of 72 bytes
  (global $RESOURCES i32 (i32.const 4480))        ;; list<resource-definition>, one of 72 bytes (align 8)
  (global $IMPORT_RESULT i32 (i32.const 4608))    ;; result<_, error> of each runtime call, 28 bytes
  (global $CALL_RESULT i32 (i32.const 8192))      ;; result<tool-result, error>, 28 bytes
  (global $CALL_CONTENT i32 (i32.const 8256))     ;; list<content-block>, one of 136 bytes (align 8)
  (global $READ_RESULT i32 (i32.const 8448))      ;; result<resource-contents, error>, 28 bytes
  (global $READ_CONTENTS i32 (i32.const 8512))    ;; list<embedded-resource>, one of 104 bytes (align 8)
  (global $OTHER_RESULT i32 (i32.const 8704))     ;; result<_, error> and result<T, error> of the rest

  (global $HEAP_BASE i32 (i32.const 65536))
  (global $heap (mut i32) (i32.const 65536))

  ;; --- helpers ---------------------------------------------------------

  ;; A string or list<u8> at `at`: (ptr, len).
  (func $set_str (param $at i32) (param $ptr i32) (param $len i32)
    (i32.store (local.get $at) (local.get $ptr))
    (i32.store offset=4 (local.get $at) (local.get $len)))

  ;; option<string> / option<list<u8>> at `at`: tag 1, then (ptr, len) at +4.
  (func $set_some_str (param $at i32) (param $ptr i32) (param $len i32)
    (i32.store8 (local.get $at) (i32.const 1))
    (call $set_str (i32.add (local.get $at) (i32.const 4)) (local.get $ptr) (local.get $len)))

  ;; Byte-wise equality of two strings.
  (func $equal (param $a i32) (param $a_len i32) (param $b i32) (param $b_len i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $a_len) (local.get $b_len)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $a_len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Fill a 28-byte result<T, error> area with err({ code, message, data: none }).
  ;; error: code (enum, u8) at +4, message at +8, data (option) at +16.
  (func $error (param $at i32) (param $code i32) (param $msg i32) (param $msg_len i32) (result i32)
    (memory.fill (local.get $at) (i32.const 0) (i32.const 28))
    (i32.store8 (local.get $at) (i32.const 1))
    (i32.store8 offset=4 (local.get $at) (local.get $code))
    (call $set_str (i32.add (local.get $at) (i32.const 8)) (local.get $msg) (local.get $msg_len))
    (local.get $at))

  ;; Error codes (enum wasi:mcp/types.error-code), by position.
  (global $METHOD_NOT_FOUND i32 (i32.const 1))
  (global $RESOURCE_NOT_FOUND i32 (i32.const 4))
  (global $TOOL_NOT_FOUND i32 (i32.const 5))

  ;; --- canonical ABI plumbing ------------------------------------------

  ;; The host allocates here what it passes in (names, arguments, URIs).
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16)) (memory.size)))
                    (i32.const -1))
          (then unreachable))))
    (if (local.get $old) (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (global.set $heap (local.get $end))
    (local.get $ptr))

  ;; After the host has read a handler's result, what it passed in is garbage.
  (func $reset_heap (param $result i32) (global.set $heap (global.get $HEAP_BASE)))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#call-tool" (func $reset_heap))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#read-resource" (func $reset_heap))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#get-prompt" (func $reset_heap))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-subscribe" (func $reset_heap))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-unsubscribe" (func $reset_heap))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-complete" (func $reset_heap))

  ;; --- entry: register, then serve (wasi:cli/run) -----------------------

  ;; result (no payloads): 0 ok, 1 err. Stops at the first runtime call that fails.
  (func (export "wasi:cli/run@0.2.3#run") (result i32)
    (local $info i32)
    (local $tool i32)
    (local $resource i32)
    (local.set $info (global.get $SERVER_INFO))
    (local.set $tool (global.get $TOOLS))
    (local.set $resource (global.get $RESOURCES))

    ;; server-info: name +0, version +8, title +16 (none), capabilities +28
    ;; (experimental +28, logging +40, completions +56, prompts +57,
    ;; resources +60, tools +65), instructions +68.
    (call $set_str (local.get $info) (global.get $NAME) (global.get $NAME_LEN))
    (call $set_str (i32.add (local.get $info) (i32.const 8)) (global.get $VERSION) (global.get $VERSION_LEN))
    (i32.store8 offset=60 (local.get $info) (i32.const 1))   ;; resources: some({ subscribe: none, list-changed: none })
    (i32.store8 offset=65 (local.get $info) (i32.const 1))   ;; tools: some({ list-changed: none })
    (call $set_some_str (i32.add (local.get $info) (i32.const 68)) (global.get $INSTRUCTIONS) (global.get $INSTRUCTIONS_LEN))
    (call $register_server (local.get $info) (global.get $IMPORT_RESULT))
    (if (i32.load8_u (global.get $IMPORT_RESULT)) (then (return (i32.const 1))))

    ;; tool-definition: name +0, title +8, description +20, input-schema +28,
    ;; output-schema +36 (none), annotations +48 (option; the record at +52:
    ;; title +52, read-only-hint +64, destructive +66, idempotent +68, open-world +70).
    (call $set_str (local.get $tool) (global.get $ECHO) (global.get $ECHO_LEN))
    (call $set_some_str (i32.add (local.get $tool) (i32.const 8)) (global.get $ECHO_TITLE) (global.get $ECHO_TITLE_LEN))
    (call $set_str (i32.add (local.get $tool) (i32.const 20)) (global.get $ECHO_DESCRIPTION) (global.get $ECHO_DESCRIPTION_LEN))
    (call $set_str (i32.add (local.get $tool) (i32.const 28)) (global.get $ECHO_SCHEMA) (global.get $ECHO_SCHEMA_LEN))
    (i32.store8 offset=48 (local.get $tool) (i32.const 1))   ;; annotations: some(...)
    (i32.store8 offset=64 (local.get $tool) (i32.const 1))   ;; read-only-hint: some(true)
    (i32.store8 offset=65 (local.get $tool) (i32.const 1))
    (call $register_tools (local.get $tool) (i32.const 1) (global.get $IMPORT_RESULT))
    (if (i32.load8_u (global.get $IMPORT_RESULT)) (then (return (i32.const 1))))

    ;; resource-definition: uri +0, name +8, title +16, description +28,
    ;; mime-type +40, size +56 (option<u64>: tag +56, value +64).
    (call $set_str (local.get $resource) (global.get $GREETING_URI) (global.get $GREETING_URI_LEN))
    (call $set_str (i32.add (local.get $resource) (i32.const 8)) (global.get $GREETING_NAME) (global.get $GREETING_NAME_LEN))
    (call $set_some_str (i32.add (local.get $resource) (i32.const 16)) (global.get $GREETING_TITLE) (global.get $GREETING_TITLE_LEN))
    (call $set_some_str (i32.add (local.get $resource) (i32.const 28)) (global.get $GREETING_DESCRIPTION) (global.get $GREETING_DESCRIPTION_LEN))
    (call $set_some_str (i32.add (local.get $resource) (i32.const 40)) (global.get $TEXT_PLAIN) (global.get $TEXT_PLAIN_LEN))
    (i32.store8 offset=56 (local.get $resource) (i32.const 1))
    (i64.store offset=64 (local.get $resource) (i64.extend_i32_u (global.get $GREETING_LEN)))
    (call $register_resources (local.get $resource) (i32.const 1) (global.get $IMPORT_RESULT))
    (if (i32.load8_u (global.get $IMPORT_RESULT)) (then (return (i32.const 1))))

    ;; In the proposal serve() blocks until shutdown; in mcp-host it returns
    ;; at once and the host calls the handlers below once `run` returns.
    (call $serve (global.get $IMPORT_RESULT))
    (i32.load8_u (global.get $IMPORT_RESULT)))

  ;; --- handlers --------------------------------------------------------

  ;; call-tool(name, arguments, context) -> result<tool-result, error>
  ;; tool-result at +4: content +4 (list), structured-content +12 (option), is-error +24.
  ;; content-block: tag +0 (0 = text), text-content at +8: text +8, annotations +16.
  (func (export "wasi:mcp/handlers@0.1.0#call-tool")
    (param $name i32) (param $name_len i32) (param $args i32) (param $args_len i32)
    (param $has_token i32) (param $token i32) (param $token_len i32) (result i32)
    (local $result i32)
    (local $block i32)
    (local.set $result (global.get $CALL_RESULT))
    (local.set $block (global.get $CALL_CONTENT))
    (if (i32.eqz (call $equal (local.get $name) (local.get $name_len) (global.get $ECHO) (global.get $ECHO_LEN)))
      (then (return (call $error (local.get $result) (global.get $TOOL_NOT_FOUND) (global.get $NO_TOOL) (global.get $NO_TOOL_LEN)))))
    (memory.fill (local.get $result) (i32.const 0) (i32.const 28))
    (memory.fill (local.get $block) (i32.const 0) (i32.const 136))
    (call $set_str (i32.add (local.get $block) (i32.const 8)) (local.get $args) (local.get $args_len))
    (call $set_str (i32.add (local.get $result) (i32.const 4)) (local.get $block) (i32.const 1))
    (call $set_some_str (i32.add (local.get $result) (i32.const 12)) (local.get $args) (local.get $args_len))
    (local.get $result))

  ;; read-resource(uri, context) -> result<resource-contents, error>
  ;; resource-contents at +4: contents +4 (list). embedded-resource: uri +0,
  ;; mime-type +8, text +20, blob +32, annotations +48.
  (func (export "wasi:mcp/handlers@0.1.0#read-resource")
    (param $uri i32) (param $uri_len i32) (param $has_token i32) (param $token i32) (param $token_len i32) (result i32)
    (local $result i32)
    (local $resource i32)
    (local.set $result (global.get $READ_RESULT))
    (local.set $resource (global.get $READ_CONTENTS))
    (if (i32.eqz (call $equal (local.get $uri) (local.get $uri_len) (global.get $GREETING_URI) (global.get $GREETING_URI_LEN)))
      (then (return (call $error (local.get $result) (global.get $RESOURCE_NOT_FOUND) (global.get $NO_RESOURCE) (global.get $NO_RESOURCE_LEN)))))
    (memory.fill (local.get $result) (i32.const 0) (i32.const 28))
    (memory.fill (local.get $resource) (i32.const 0) (i32.const 104))
    (call $set_str (local.get $resource) (global.get $GREETING_URI) (global.get $GREETING_URI_LEN))
    (call $set_some_str (i32.add (local.get $resource) (i32.const 8)) (global.get $TEXT_PLAIN) (global.get $TEXT_PLAIN_LEN))
    (call $set_some_str (i32.add (local.get $resource) (i32.const 20)) (global.get $GREETING) (global.get $GREETING_LEN))
    (call $set_str (i32.add (local.get $result) (i32.const 4)) (local.get $resource) (i32.const 1))
    (local.get $result))

  ;; The rest answer method-not-found: the server declares no prompts,
  ;; completions or subscriptions, so the host never calls them.
  (func $unsupported (result i32)
    (call $error (global.get $OTHER_RESULT) (global.get $METHOD_NOT_FOUND) (global.get $UNSUPPORTED) (global.get $UNSUPPORTED_LEN)))
  (func (export "wasi:mcp/handlers@0.1.0#get-prompt")
    (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (call $unsupported))
  (func (export "wasi:mcp/handlers@0.1.0#handle-subscribe") (param i32 i32) (result i32)
    (call $unsupported))
  (func (export "wasi:mcp/handlers@0.1.0#handle-unsubscribe") (param i32 i32) (result i32)
    (call $unsupported))
  (func (export "wasi:mcp/handlers@0.1.0#handle-complete")
    (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (call $unsupported))
)
