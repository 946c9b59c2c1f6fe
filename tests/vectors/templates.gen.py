# Generates templates.json (run: python3 tests/vectors/templates.gen.py). Expected results are written
# by hand from the spec; spans are computed from the bodies so they stay right when a body changes.
import json
SID="HX0123456789abcdef0123456789abcdef"
def sp(body, sub, nth=0):
    i=-1
    for _ in range(nth+1):
        i=body.index(sub, i+1)
    return [i, i+len(sub)]
V=[]
def v(rule, body, problems, **tpl):
    t={"sid":SID,"name":"order_update","language":"en","body":body}
    t.update(tpl)
    V.append({"rule":rule,"template":t,"problems":problems})
G="Hello {{1}}, your order {{2}} has shipped and will arrive soon."
v("valid template", G, [])
v("valid, no placeholders", "Thanks for contacting us, we will reply soon.", [])
b="Hello {{1}}, your order {{2 has shipped today ok"; v("unclosed {{", b, [["TEMPLATE_PLACEHOLDER_UNCLOSED","body",sp(b,"{{",1)]])
b="Hello {{1}}, your order {{}} has shipped today ok"; v("empty {{}}", b, [["TEMPLATE_PLACEHOLDER_EMPTY","body",sp(b,"{{}}")]])
b="Hello {{ 1 }}, your order has shipped today, thanks"; v("key with spaces", b, [["TEMPLATE_PLACEHOLDER_SPACES","body",sp(b,"{{ 1 }}")]])
b="Hello {{first_name}}, your order has shipped today"; v("named key", b, [["TEMPLATE_PLACEHOLDER_NAMED","body",sp(b,"{{first_name}}")]])
b="Hello {{0}}, your order has shipped today, thanks"; v("zero", b, [["TEMPLATE_PLACEHOLDER_INVALID_NUMBER","body",sp(b,"{{0}}")]])
b="Hello {{01}}, your order has shipped today, thanks"; v("leading zero", b, [["TEMPLATE_PLACEHOLDER_INVALID_NUMBER","body",sp(b,"{{01}}")]])
v("rule 1: any order is sequential", "Dear {{1}}, on {{3}} we ship item {{2}} to you, thanks for waiting", [])
b="Dear {{1}}, on {{3}} we will ship your order, thanks for waiting"; v("rule 1: gap", b, [["TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL","body",sp(b,"{{3}}")]])
b="Dear {{2}}, on {{3}} we will ship your order, thanks for waiting"; v("rule 1: not from 1", b, [["TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL","body",sp(b,"{{3}}")]])
v("rule 1: repeats allowed", "Dear {{1}}, your order {{2}} is ready. See you soon {{1}}, bye now friend", [])
b="Hi {{1}} {{2}}, your order has shipped and arrives tomorrow morning"; v("rule 2: adjacent", b, [["TEMPLATE_PLACEHOLDERS_ADJACENT","body",[sp(b,"{{1}}")[0], sp(b,"{{2}}")[1]]]])
b="Hi {{1}}{{2}}, your order has shipped and arrives tomorrow morning"; v("rule 2: adjacent, no space", b, [["TEMPLATE_PLACEHOLDERS_ADJACENT","body",[3,13]]])
v("rule 2: text between", "Hi {{1}} and {{2}}, your order has shipped and arrives tomorrow", [])
v("rule 2: punctuation between", "Hi {{1}}, {{2}}, your order has shipped and arrives tomorrow", [])
b="{{1}}, your order has shipped and arrives tomorrow"; v("rule 3: at start", b, [["TEMPLATE_PLACEHOLDER_AT_START","body",[0,5]]])
b="  \n{{1}}, your order has shipped and arrives tomorrow"; v("rule 3: at start after whitespace", b, [["TEMPLATE_PLACEHOLDER_AT_START","body",sp(b,"{{1}}")]])
b="Your order has shipped and arrives on {{1}}"; v("rule 3: at end", b, [["TEMPLATE_PLACEHOLDER_AT_END","body",sp(b,"{{1}}")]])
b="Your order has shipped and arrives on {{1}}."; v("rule 3: followed only by punctuation", b, [["TEMPLATE_PLACEHOLDER_AT_END","body",sp(b,"{{1}}")]])
b="Tu pedido llegará el día {{1}}…"; v("rule 3: followed only by Unicode punctuation", b, [["TEMPLATE_PLACEHOLDER_AT_END","body",sp(b,"{{1}}")]])
v("rule 3: followed by a word", "Your order arrives on {{1}}. Thank you", [])
b="Hi {{1}} and {{2}} bye"; v("rule 4: density 3 < 5", b, [["TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH","body",[0,len(b)]]])
v("rule 4: density exactly 2x+1", "Hi {{1}} and {{2}} bye now ok", [])
b="Hi {{1}} and {{2}} — bye now"; v("rule 4: punctuation is not a word", b, [["TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH","body",[0,len(b)]]])
base="Hello {{1}}, here is your update. "
b=base+"x"*(1024-len(base)); v("rule 5: 1,024 characters", b, [])
b=base+"é"*(1025-len(base)); v("rule 5: 1,025 characters", b, [["TEMPLATE_BODY_TOO_LONG","body",[1024,1025]]])
v("empty body", "   ", [["TEMPLATE_BODY_EMPTY","body",[0,3]]])
v("rule 6: pt_BR", G, [], language="pt_BR")
v("rule 6: fil", G, [], language="fil")
v("rule 6: pt is not in Meta's list", G, [["TEMPLATE_LANGUAGE_UNSUPPORTED","language",None]], language="pt")
v("rule 6: pt-BR is not the code", G, [["TEMPLATE_LANGUAGE_UNSUPPORTED","language",None]], language="pt-BR")
v("SID uppercase hex", G, [], sid="HX0123456789ABCDEF0123456789ABCDEF")
v("SID of a Messaging Service", G, [["TEMPLATE_SID_INVALID","sid",[0,2]]], sid="MG0123456789abcdef0123456789abcdef")
v("SID too short", G, [["TEMPLATE_SID_INVALID","sid",[33,33]]], sid="HX0123456789abcdef0123456789abcde")
v("SID non-hex", G, [["TEMPLATE_SID_INVALID","sid",[18,19]]], sid="HX0123456789abcdefg123456789abcdef")
v("name empty", G, [["TEMPLATE_NAME_EMPTY","name",None]], name=" ")

R=[]
def r(rule, body, values, text=None, cv=None, problems=None):
    e={"rule":rule,"template":{"sid":SID,"name":"n","language":"en","body":body},"values":values}
    if problems is None: e["text"]=text; e["contentVariables"]=cv
    else: e["error"]="VARIABLES_INVALID"; e["problems"]=problems
    R.append(e)
r("renders", G, ["Ana","#12 \"x\""], "Hello Ana, your order #12 \"x\" has shipped and will arrive soon.", json.dumps({"1":"Ana","2":"#12 \"x\""}, separators=(",",":"), ensure_ascii=False))
r("repeats and order", "Dear {{1}}, on {{3}} we ship {{2}}. See you {{1}}, bye now friend", ["Ana","the box","Monday"], "Dear Ana, on Monday we ship the box. See you Ana, bye now friend", '{"1":"Ana","2":"the box","3":"Monday"}')
r("4 spaces are fine", G, ["a    b","c"], "Hello a    b, your order c has shipped and will arrive soon.", '{"1":"a    b","2":"c"}')
r("empty", G, ["","b"], problems=[["VARIABLE_EMPTY","variables.1",[0,0]]])
r("blank", G, ["a","  "], problems=[["VARIABLE_EMPTY","variables.2",[0,2]]])
r("newline", G, ["a\nb","c"], problems=[["VARIABLE_NEWLINE","variables.1",[1,2]]])
r("tab", G, ["a","x\ty"], problems=[["VARIABLE_TAB","variables.2",[1,2]]])
r("5 spaces", G, ["a     b","c"], problems=[["VARIABLE_TOO_MANY_SPACES","variables.1",[1,6]]])
r("1,601 characters", G, ["é"*1601,"c"], problems=[["VARIABLE_TOO_LONG","variables.1",[1600,1601]]])
r("missing", G, ["a"], problems=[["VARIABLE_MISSING","variables.2",None]])
r("extra", G, ["a","b","c"], problems=[["VARIABLE_EXTRA","variables.3",None]])

M=[]
def m(rule, bodies, text, matches):
    M.append({"rule":rule,"bodies":bodies,"text":text,"matches":[{"index":i,"variables":vs} for i,vs in matches]})
m("extracts values", [G], "Hello Ana Maria, your order #A-12 has shipped and will arrive soon.", [(0,["Ana Maria","#A-12"])])
m("literals match exactly (case)", [G], "hello Ana, your order 7 has shipped and will arrive soon.", [])
m("literals match exactly (leading space)", [G], " Hello Ana, your order 7 has shipped and will arrive soon.", [])
m("CRLF equals LF, trailing whitespace ignored", ["Hello {{1}},\nyour order {{2}} has shipped.\nThanks, see you"], "Hello Ana,\r\nyour order 7 has shipped.\r\nThanks, see you \r\n\t ", [(0,["Ana","7"])])
m("a lone CR is not a line break", ["Hello {{1}},\nyour order {{2}} has shipped.\nThanks, see you"], "Hello Ana,\ryour order 7 has shipped.\nThanks, see you", [])
m("a value never spans a line break", ["Hello {{1}}, your order has shipped today."], "Hello Ana\nMaria, your order has shipped today.", [])
m("a value never has 5 spaces in a row", ["Hello {{1}}, your order has shipped today."], "Hello Ana     Maria, your order has shipped today.", [])
m("leftmost-shortest", ["Hi {{1}} and {{2}} and more text here."], "Hi a and b and c and more text here.", [(0,["a","b and c"])])
m("leftmost-shortest that still matches", ["Pay {{1}} by {{2}}, thanks a lot"], "Pay 10 by card by Monday, thanks a lot", [(0,["10","card by Monday"])])
m("repeated placeholder takes the same value", ["Dear {{1}}, order {{2}} is ready. Bye {{1}}, see you later"], "Dear Ana, order 7 is ready. Bye Bob, see you later", [])
m("most specific first", ["Hello {{1}}, your order {{2}} is late, sorry about that.","Hello {{1}}, your order is late, sorry about that.","Hello {{1}}, sorry about that."], "Hello Ana, your order is late, sorry about that.", [(1,["Ana"]),(2,["Ana, your order is late"])])

S=[]
langs=[["welcome","pt_BR"],["welcome","en"],["welcome","es"],["welcome","es_MX"],["bye","pt_PT"]]
def s(rule, name, lang, default, expect=None, by=None, tried=None, error=None):
    e={"rule":rule,"name":name,"language":lang,"defaultLanguage":default}
    if error: e["error"]=error
    else: e["expect"]=expect; e["selectedBy"]=by; e["tried"]=tried
    S.append(e)
s("exact locale", "welcome", "pt-BR", "en", "pt_BR", "locale", ["pt_BR"])
s("exact locale, lowercase region", "welcome", "es_mx", "en", "es_MX", "locale", ["es_MX"])
s("base language", "welcome", "es-AR", "en", "es", "language", ["es_AR","es"])
s("sibling locales are not tried", "welcome", "pt-PT", "en", "en", "default", ["pt_PT","pt","en"])
s("default language", "welcome", "fr", "en", "en", "default", ["fr","en"])
s("no customer locale", "welcome", None, "EN", "en", "default", ["en"])
s("none available", "bye", "pt-BR", "en", error="TEMPLATE_LANGUAGE_UNAVAILABLE")
s("unknown name", "nope", "en", None, error="TEMPLATE_NOT_FOUND")
s("invalid locale", "welcome", "not a locale", "en", error="LOCALE_INVALID")

out={"about":"Template vectors (spec shared/spec/templates.md), consumed by tests/template.rs and tests/js/template.test.mjs. Spans are [start, end) in Unicode code points; null = no span.",
     "validate":V,"render":R,"match":M,"select":{"templates":langs,"cases":S}}
open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'templates.json'), 'w').write(json.dumps(out, ensure_ascii=False, indent=1)+"\n")
print(len(V),len(R),len(M),len(S))
