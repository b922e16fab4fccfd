#!/usr/bin/env node
// Offline validation of simrt's Kubernetes manifests (deploy/k8s), no API server needed.
//
//   node validate.mjs                       every manifest under deploy/k8s, as deployed (see below)
//   node validate.mjs FILE...               just these files, each document as a complete object
//   node validate.mjs --emit-json OUT ...   also write every validated object to OUT (for the Java tests)
//
// Each object is checked against the kubernetes-models class of its apiVersion and kind (the Kubernetes
// OpenAPI schema: types, required fields, enums, formats) and, since that schema lets any field name pass,
// against the field names the class declares (a misspelt field is an error, as with kubectl's strict field
// validation). On top of that: $(VAR) references in env, command and args must name a variable of the container
// (and, in env, one defined earlier: Kubernetes leaves anything else as literal text), and probe ports given
// by name must be container ports. YAML is read with YAML 1.1 rules, as Kubernetes reads it.
//
// Without arguments: every *.yaml under deploy/k8s outside validate/. kustomization.yaml files must name
// files that exist. A Component's patches are applied to their targets (strategic merge, as kustomize does),
// and so is any other YAML file in a Component's directory (a patch for "kubectl patch --local", e.g. the
// coordinator Job's TLS patch); the patched objects are validated as well.
//
// Exit status: 0 when everything is valid, 1 with one line per problem on stderr otherwise.

import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const HERE = dirname(fileURLToPath(import.meta.url));
const K8S = resolve(HERE, "..");
const MODELS = dirname(createRequire(import.meta.url).resolve("kubernetes-models/package.json"));

const problems = [];
const unread = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

// ---- reading -----------------------------------------------------------------------------------------------

/** The documents of a YAML file, as plain objects (empty documents skipped). */
function readYaml(file) {
  const text = readFileSync(file, "utf8");
  const docs = parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: true });
  const out = [];
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      problem(rel(file), `YAML: ${e.message.split("\n")[0]}`);
    }
    if (doc.errors.length === 0) {
      const value = doc.toJS({ maxAliasCount: 100 });
      if (value !== null && value !== undefined) {
        out.push(value);
      }
    }
  }
  return out;
}

function rel(file) {
  return relative(K8S, file) || basename(file);
}

function yamlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "validate" && name !== "node_modules") {
        out.push(...yamlFiles(p));
      }
    } else if (/\.ya?ml$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

// ---- schema: kubernetes-models ------------------------------------------------------------------------------

/** The kubernetes-models module of an apiVersion and kind ("apps/v1", "StatefulSet" -> apps/v1/StatefulSet). */
function modelPath(apiVersion, kind) {
  return `${apiVersion}/${kind}`; // core kinds: "v1/Service"
}

/** true: valid; false: schema errors (reported); null: no class for this kind (reported). */
async function schemaCheck(obj, where) {
  let mod;
  try {
    mod = await import(`kubernetes-models/${modelPath(obj.apiVersion, obj.kind)}`);
  } catch {
    problem(where, `no kubernetes-models class for apiVersion "${obj.apiVersion}", kind "${obj.kind}"`);
    return null;
  }
  const Model = mod[obj.kind];
  try {
    new Model(obj).validate();
  } catch (e) {
    const errors = e.errors ?? [{ instancePath: "", message: e.message }];
    for (const err of errors) {
      const extra = err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "";
      problem(where, `${err.instancePath || "/"} ${err.message}${extra}`);
    }
    return false;
  }
  return true;
}

// ---- field names: the interfaces kubernetes-models declares (its .d.ts files) -------------------------------

const declFiles = new Map();

/** Interfaces, their global aliases and imports of one .d.ts file of kubernetes-models or its apimachinery. */
function declFile(path) {
  let f = declFiles.get(path);
  if (f) {
    return f;
  }
  f = { path, interfaces: new Map(), aliases: new Map(), imports: new Map() };
  declFiles.set(path, f);
  if (!existsSync(path)) {
    return f;
  }
  const text = readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const m of text.matchAll(/import \{([^}]*)\} from "([^"]+)"/g)) {
    for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
      f.imports.set(name, importPath(path, m[2]));
    }
  }
  for (const m of text.matchAll(/export type \{([^}]*)\}/g)) {
    for (const pair of m[1].split(",")) {
      const [local, global] = pair.split(" as ").map((s) => s.trim());
      if (global) {
        f.aliases.set(global, local);
      }
    }
  }
  for (const m of text.matchAll(/export type (\w+) = ([^;]+);/g)) {
    f.interfaces.set(m[1], { t: "any" });
  }
  for (const m of text.matchAll(/export interface (\w+)[^{]*\{/g)) {
    try {
      f.interfaces.set(m[1], new TypeParser(text, m.index + m[0].length - 1).type());
    } catch (e) {
      // A declaration this reader does not understand: its field names go unchecked, and we say so.
      f.interfaces.set(m[1], { t: "any" });
      unread.push(`${m[1]} (${relative(MODELS, path)}): ${e.message}`);
    }
  }
  return f;
}

function importPath(from, spec) {
  if (spec.startsWith(".")) {
    return resolve(dirname(from), spec.replace(/\.js$/, ".d.ts"));
  }
  const m = spec.match(/^(@kubernetes-models\/[^/]+|kubernetes-models)\/?(.*)$/);
  if (!m) {
    return spec;
  }
  const pkg = m[1] === "kubernetes-models" ? MODELS : resolve(MODELS, "..", m[1]);
  return join(pkg, `${m[2] || "index"}.d.ts`);
}

/** Just enough of TypeScript's type syntax for the declarations kubernetes-models generates. */
class TypeParser {
  constructor(text, pos) {
    this.s = text;
    this.i = pos;
  }
  ws() {
    while (/\s/.test(this.s[this.i])) this.i++;
  }
  eat(tok) {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  /** A type; a union ("IntOrString", string literals) is not looked into. */
  type() {
    const first = this.primary();
    let union = false;
    while (this.eat("|")) {
      this.primary();
      union = true;
    }
    return union ? { t: "any" } : first;
  }
  primary() {
    this.ws();
    if (this.eat("Array<")) {
      const v = this.type();
      this.eat(">");
      return this.suffix({ t: "arr", v });
    }
    if (this.eat("(")) {
      const v = this.type();
      this.eat(")");
      return this.suffix(v);
    }
    if (this.eat("{")) {
      if (this.eat("[")) {
        this.i = this.s.indexOf("]", this.i) + 1;
        this.eat(":");
        const v = this.type();
        this.eat(";");
        this.eat("}");
        return this.suffix({ t: "map", v });
      }
      const props = new Map();
      while (!this.eat("}")) {
        this.ws();
        const m = /^"([^"]*)"\??\s*:|^(\w+)\??\s*:/.exec(this.s.slice(this.i, this.i + 200));
        if (!m) {
          throw new Error(`cannot read a declaration at ${this.s.slice(this.i, this.i + 40)}`);
        }
        this.i += m[0].length;
        props.set(m[1] ?? m[2], this.type());
        this.eat(";");
      }
      return this.suffix({ t: "obj", props });
    }
    const lit = /^"[^"]*"|^-?\d+(\.\d+)?|^\w+/.exec(this.s.slice(this.i));
    if (!lit) {
      throw new Error(`cannot read a type at ${this.s.slice(this.i, this.i + 40)}`);
    }
    this.i += lit[0].length;
    const word = lit[0];
    if (this.s[this.i] === "[") {
      this.i = this.s.indexOf("]", this.i) + 1; // IStatefulSet["kind"]: a string literal
      return { t: "any" };
    }
    if (/^[A-Z]/.test(word) && word !== "Model" && word !== "TypeMeta") {
      return this.suffix({ t: "ref", name: word });
    }
    return this.suffix({ t: "any" });
  }
  suffix(t) {
    while (this.s.startsWith("[]", this.i)) {
      this.i += 2;
      t = { t: "arr", v: t };
    }
    return t;
  }
}

/** Resolves a type reference made in file {@code path}. */
function resolveRef(name, path) {
  const f = declFile(path);
  if (f.interfaces.has(name)) {
    return { type: f.interfaces.get(name), path };
  }
  const target = f.imports.get(name);
  if (target) {
    const g = declFile(target);
    const local = g.aliases.get(name) ?? name;
    if (g.interfaces.has(local)) {
      return { type: g.interfaces.get(local), path: target };
    }
  }
  return { type: { t: "any" }, path };
}

function fieldCheck(value, type, path, where, at) {
  if (value === null || value === undefined) {
    return;
  }
  if (type.t === "ref") {
    const r = resolveRef(type.name, path);
    fieldCheck(value, r.type, r.path, where, at);
  } else if (type.t === "obj" && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!type.props.has(k)) {
        problem(where, `${at}/${k} is not a field of this object (misspelt?)`);
      } else {
        fieldCheck(v, type.props.get(k), path, where, `${at}/${k}`);
      }
    }
  } else if (type.t === "map" && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) fieldCheck(v, type.v, path, where, `${at}/${k}`);
  } else if (type.t === "arr" && Array.isArray(value)) {
    value.forEach((v, i) => fieldCheck(v, type.v, path, where, `${at}/${i}`));
  }
}

function strictFieldCheck(obj, where) {
  const file = join(MODELS, `${modelPath(obj.apiVersion, obj.kind)}.d.ts`);
  const root = declFile(file).interfaces.get(`I${obj.kind}`);
  if (root) {
    fieldCheck(obj, root, file, where, "");
  }
}

// ---- pod templates: $(VAR) references and named probe ports -------------------------------------------------

function podSpecs(obj) {
  const spec = obj.spec ?? {};
  if (obj.kind === "Pod") return [["/spec", spec]];
  if (spec.template?.spec) return [["/spec/template/spec", spec.template.spec]];
  if (spec.jobTemplate?.spec?.template?.spec) return [["/spec/jobTemplate/spec/template/spec", spec.jobTemplate.spec.template.spec]];
  return [];
}

function podCheck(obj, where) {
  for (const [at, pod] of podSpecs(obj)) {
    for (const list of ["initContainers", "containers"]) {
      (pod[list] ?? []).forEach((c, ci) => {
        const base = `${at}/${list}/${ci}`;
        const env = c.env ?? [];
        const all = new Set(env.map((e) => e.name));
        const seen = new Set();
        env.forEach((e, ei) => {
          for (const ref of refs(e.value)) {
            if (!seen.has(ref)) {
              problem(where, `${base}/env/${ei}/value refers to $(${ref}), which ${all.has(ref) ? "is defined only later" : "is not defined"} in this container's env (Kubernetes would leave it as literal text)`);
            }
          }
          seen.add(e.name);
        });
        for (const key of ["command", "args"]) {
          (c[key] ?? []).forEach((a, ai) => {
            for (const ref of refs(a)) {
              if (!all.has(ref)) {
                problem(where, `${base}/${key}/${ai} refers to $(${ref}), which is not defined in this container's env`);
              }
            }
          });
        }
        const portNames = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
          const p = c[probe];
          const port = p?.httpGet?.port ?? p?.tcpSocket?.port ?? p?.grpc?.port;
          if (typeof port === "string" && !portNames.has(port)) {
            problem(where, `${base}/${probe} uses port "${port}", which is not a port name of this container`);
          }
        }
      });
    }
  }
}

/** $(NAME) references in a string; $$(NAME) is an escaped literal. */
function refs(s) {
  if (typeof s !== "string") return [];
  return [...s.matchAll(/(\$+)\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)].filter((m) => m[1].length % 2 === 1).map((m) => m[2]);
}

// ---- strategic merge patches (the subset the manifests use) -------------------------------------------------

// patchMergeKey of the Kubernetes API for the lists a pod template patch touches; other lists are replaced.
const MERGE_KEYS = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", env: "name", volumes: "name",
  volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name",
};

/**
 * Strategic merge of {@code patch} into {@code base}. Maps merge, keyed lists merge by their key, other values
 * are replaced. order "kustomize": the patch's items first, then the base's others (kustomize's kyaml);
 * order "kubectl": the two orders interleaved as "kubectl patch" does (apimachinery's mergeSortedSlice).
 */
function merge(base, patch, order, key = null) {
  if (Array.isArray(patch) && Array.isArray(base) && key) {
    return mergeList(base, patch, key, order);
  }
  if (isMap(base) && isMap(patch)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith("$")) {
        throw new Error(`patch directive ${k} is not supported by this validator`);
      }
      out[k] = v === null ? undefined : k in base ? merge(base[k], v, order, MERGE_KEYS[k] ?? null) : v;
      if (out[k] === undefined) delete out[k];
    }
    return out;
  }
  return patch;
}

function mergeList(base, patch, key, order) {
  const byKey = new Map(base.map((b) => [b[key], b]));
  const merged = patch.map((p) => (byKey.has(p[key]) ? merge(byKey.get(p[key]), p, order) : p));
  const patched = new Set(patch.map((p) => p[key]));
  const rest = base.filter((b) => !patched.has(b[key]));
  if (order === "kustomize") {
    return [...merged, ...rest];
  }
  const index = (x) => base.findIndex((b) => b[key] === x[key]);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < rest.length || j < merged.length) {
    if (j >= merged.length) out.push(rest[i++]);
    else if (i >= rest.length) out.push(merged[j++]);
    else {
      const li = index(rest[i]);
      const ri = index(merged[j]);
      out.push(li >= 0 && ri >= 0 && li < ri ? rest[i++] : merged[j++]);
    }
  }
  return out;
}

function isMap(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

// ---- driver -------------------------------------------------------------------------------------------------

const validated = [];

async function validate(obj, where, variant) {
  if (!isMap(obj) || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
    problem(where, "not a Kubernetes object: apiVersion, kind and metadata.name are required");
    return;
  }
  const label = `${where} (${obj.kind} ${obj.metadata.name})`;
  if (await schemaCheck(obj, label) !== null) {
    strictFieldCheck(obj, label);
  }
  podCheck(obj, label);
  validated.push({ source: where, variant, object: obj });
}

async function validateTree() {
  const files = yamlFiles(K8S);
  const kustomizations = files.filter((f) => basename(f) === "kustomization.yaml");
  const componentDirs = new Set();
  const kustomizePatches = new Set();
  for (const k of kustomizations) {
    for (const doc of readYaml(k)) {
      if (doc.kind === "Component") componentDirs.add(dirname(k));
      const named = [...(doc.resources ?? []), ...(doc.components ?? []), ...(doc.patches ?? []).map((p) => p.path).filter(Boolean)];
      for (const r of named) {
        if (!existsSync(resolve(dirname(k), r))) problem(rel(k), `names "${r}", which does not exist`);
      }
      for (const p of doc.patches ?? []) {
        if (p.path) kustomizePatches.add(resolve(dirname(k), p.path));
        if (p.patch || p.target) problem(rel(k), "inline patches and patch targets are not supported by this validator");
      }
    }
  }
  const patchFiles = files.filter((f) => basename(f) !== "kustomization.yaml"
      && (kustomizePatches.has(f) || [...componentDirs].some((d) => dirname(f) === d)));
  const manifests = files.filter((f) => basename(f) !== "kustomization.yaml" && !patchFiles.includes(f));

  const objects = new Map();
  for (const f of manifests) {
    for (const obj of readYaml(f)) {
      const id = `${obj?.kind}/${obj?.metadata?.name}`;
      if (objects.has(id)) problem(rel(f), `${id} is also defined in ${objects.get(id).file}`);
      objects.set(id, { file: rel(f), obj });
      await validate(obj, rel(f), "base");
    }
  }
  for (const f of patchFiles) {
    const order = kustomizePatches.has(f) ? "kustomize" : "kubectl";
    const variant = basename(dirname(f));
    for (const patch of readYaml(f)) {
      const id = `${patch?.kind}/${patch?.metadata?.name}`;
      const target = objects.get(id);
      if (!target) {
        problem(rel(f), `patches ${id}, which no manifest defines`);
        continue;
      }
      try {
        await validate(merge(target.obj, patch, order), `${target.file} + ${rel(f)}`, variant);
      } catch (e) {
        problem(rel(f), e.message);
      }
    }
  }
}

async function main() {
  const args = process.argv.slice(2);
  let emit = null;
  const i = args.indexOf("--emit-json");
  if (i >= 0) {
    emit = args[i + 1];
    args.splice(i, 2);
    if (!emit) {
      console.error("usage: node validate.mjs [--emit-json OUT] [FILE...]");
      process.exit(2);
    }
  }
  if (args.length === 0) {
    await validateTree();
  } else {
    for (const f of args) {
      for (const obj of readYaml(resolve(f))) await validate(obj, f, "file");
    }
  }
  if (emit) {
    writeFileSync(emit, JSON.stringify({ objects: validated }, null, 1));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`INVALID ${p}`);
    console.error(`${problems.length} problem(s) in the Kubernetes manifests`);
    process.exit(1);
  }
  console.log(`${validated.length} Kubernetes objects valid (kubernetes-models ${JSON.parse(readFileSync(join(MODELS, "package.json"), "utf8")).version})`);
  for (const u of unread) console.log(`  note: field names not checked in ${u}`);
  for (const v of validated) console.log(`  ok ${v.source}: ${v.object.kind} ${v.object.metadata.name}${v.variant === "base" || v.variant === "file" ? "" : ` [${v.variant}]`}`);
}

await main();
