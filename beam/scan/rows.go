package scan

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// Families and rows. The verified pairs that join their documents are
// gathered on one worker and made into a union-find (its size is the
// number of documents in families, two int64 per document); each
// document learns its family from it. Then every family is a unit: its
// members and the pairs among them are grouped by family and given to
// pipeline.Rows, which makes the same rows for them as it makes in scan,
// since a family's roles, sources and shares depend on nothing outside
// it. A document in no family is a unit of its own, with its pairs and
// the other documents of those pairs, against which its shares count.

// Item is one thing a unit is made of: a document of its own (Member),
// the other document of one of its pairs (Partner), or a pair (Pair).
type Item struct {
	Kind    uint8  // itemMember, itemPartner, itemPair, or itemPair|itemPartner
	Key     uint64 // of the member or the partner
	Member  Meta
	Partner family.Info
	Pair    Verified
}

const (
	itemMember = 1 << iota
	itemPartner
	itemPair
)

// Routed is a verified pair on its way to its unit, with the family of
// its first document, if any.
type Routed struct {
	V       Verified
	RootA   uint64
	HasRoot bool
}

// PassageSet is the passages of one document with its article row (its
// source_doc is what their edits are against) and the keys of the
// documents its passages are shared with, whose texts their edits need.
type PassageSet struct {
	Article  report.Article
	Passages []report.Passage
	Others   []uint64
}

// Text is the text of a document, sent to another document's passages.
type Text struct {
	ID, Text string
}

// Chunk is the passages.jsonl lines of one document.
type Chunk struct {
	Doc   string
	Lines []byte
}

// rootsFn makes the union-find of the joining pairs and gives each
// document in a family the lowest key of its family.
func rootsFn(_ int, edges func(*Edge) bool, emit func(uint64, uint64)) {
	u := union{}
	var e Edge
	for edges(&e) {
		u.join(e.A, e.B)
	}
	for d := range u {
		emit(d, u.find(d))
	}
}

func byA(v Verified) (uint64, Verified) { return v.A, v }

// memberFn sends a document to its unit and passes on its pairs (those
// where it is A) with its family.
func memberFn(key uint64, metas func(*Meta) bool, roots func(*uint64) bool, pairs func(*Verified) bool, item func(uint64, Item), routed func(uint64, Routed)) {
	var root uint64
	hasRoot := roots(&root)
	var m Meta
	if metas(&m) {
		unit := key
		if hasRoot {
			unit = root
		}
		item(unit, Item{Kind: itemMember, Member: m, Key: key})
	}
	var v Verified
	for pairs(&v) {
		routed(v.B, Routed{V: v, RootA: root, HasRoot: hasRoot})
	}
}

// routeFn sends a pair to the unit of its family, or, between documents
// of different families or none, to the unit of each document in none,
// with the other document; and makes its pairs.csv row.
func routeFn(key uint64, roots func(*uint64) bool, pairs func(*Routed) bool, item func(uint64, Item), row func(report.Pair)) {
	var rootB uint64
	hasB := roots(&rootB)
	var r Routed
	for pairs(&r) {
		v := r.V
		row(pipeline.PairRow(&v.InfoA, &v.InfoB, &v.Pair))
		if r.HasRoot && hasB && r.RootA == rootB {
			item(rootB, Item{Kind: itemPair, Pair: v})
			continue
		}
		if !r.HasRoot {
			item(v.A, Item{Kind: itemPair | itemPartner, Pair: v, Partner: v.InfoB, Key: v.B})
		}
		if !hasB {
			item(v.B, Item{Kind: itemPair | itemPartner, Pair: v, Partner: v.InfoA, Key: v.A})
		}
	}
}

// unitFn makes the rows of one unit with pipeline.Rows: its members'
// articles and passages, its family, its warnings.
type unitFn struct {
	Family family.Options
}

func (f *unitFn) ProcessElement(unit uint64, items func(*Item) bool, article func(report.Article), passages func(uint64, PassageSet), fam func(report.Family), warn func(string)) {
	infos := map[uint64]family.Info{}
	members := map[uint64]Meta{}
	var pairs []Verified
	var it Item
	for items(&it) {
		switch {
		case it.Kind&itemMember != 0:
			members[it.Key] = it.Member
			infos[it.Key] = it.Member.Info
		case it.Kind&itemPartner != 0:
			if _, ok := infos[it.Key]; !ok {
				infos[it.Key] = it.Partner
			}
		}
		if it.Kind&itemPair != 0 {
			pairs = append(pairs, it.Pair)
		}
	}
	keys := make([]uint64, 0, len(infos))
	for k := range infos {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	index := make(map[uint64]int, len(keys))
	byID := make(map[string]uint64, len(keys))
	docs := make([]family.Info, len(keys))
	for i, k := range keys {
		index[k] = i
		docs[i] = infos[k]
		byID[docs[i].ID] = k
	}
	slices.SortFunc(pairs, func(x, y Verified) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	ps := make([]verify.Pair, len(pairs))
	for i, v := range pairs {
		ps[i] = v.Pair
		ps[i].A, ps[i].B = index[v.A], index[v.B]
	}
	rs := pipeline.Rows(docs, ps, f.Family)
	sets := map[uint64]*PassageSet{}
	for i, k := range keys {
		m, ok := members[k]
		if !ok {
			continue
		}
		a := rs.Articles[i]
		pipeline.ArticleMeta(&a, m.Doc)
		article(a)
		sets[k] = &PassageSet{Article: a}
	}
	for _, p := range rs.Passages {
		set := sets[byID[p.Doc]]
		if set == nil {
			continue
		}
		set.Passages = append(set.Passages, p)
		for _, w := range p.With {
			set.Others = append(set.Others, byID[w.Doc])
		}
	}
	for _, k := range keys {
		if set := sets[k]; set != nil && len(set.Passages) > 0 {
			slices.Sort(set.Others)
			set.Others = slices.Compact(set.Others)
			passages(k, *set)
		}
	}
	for _, fr := range rs.Families {
		fam(fr)
	}
	for _, w := range rs.Warnings {
		warn(w)
	}
}

// needFn asks for the texts of the documents a document's passages are
// shared with, and for its own.
func needFn(key uint64, set PassageSet, need func(uint64, uint64)) {
	need(key, key)
	for _, o := range set.Others {
		need(o, key)
	}
}

// giveFn sends a document's text to the documents that need it.
func giveFn(key uint64, recs func(*Record) bool, needs func(*uint64) bool, give func(uint64, Text)) {
	var r Record
	if !recs(&r) {
		return
	}
	var to uint64
	for needs(&to) {
		give(to, Text{ID: r.Doc.ID, Text: r.Doc.Text})
	}
}

// textFn writes a document's passages.jsonl lines with the writer scan
// uses: the passages' texts cut from its text, their edits against the
// texts of the documents they are shared with, its source_doc preferred.
func textFn(key uint64, sets func(*PassageSet) bool, others func(*Text) bool, emit func(Chunk)) error {
	var set PassageSet
	if !sets(&set) {
		return nil
	}
	texts := map[string]string{}
	var t Text
	for others(&t) {
		texts[t.ID] = t.Text
	}
	text := func(doc string) (string, error) {
		t, ok := texts[doc]
		if !ok {
			return "", fmt.Errorf("no text for %q", doc)
		}
		return t, nil
	}
	pipeline.RowSet{Passages: set.Passages}.Sort()
	var buf bytes.Buffer
	if err := report.WritePassagesText(&buf, report.CSV, set.Passages, text, report.Prefer([]report.Article{set.Article})); err != nil {
		return err
	}
	emit(Chunk{Doc: set.Article.Doc, Lines: buf.Bytes()})
	return nil
}

func rows(s beam.Scope, verified, metas, docs beam.PCollection, cfg Config) Rows {
	joins := beam.ParDo(s, edgesFn, verified)
	roots := beam.ParDo(s.Scope("families"), rootsFn, beam.GroupByKey(s, beam.ParDo(s, oneKey, joins)))
	members, routed := beam.ParDo2(s, memberFn, beam.CoGroupByKey(s, metas, roots, beam.ParDo(s, byA, verified)))
	pairItems, pairRows := beam.ParDo2(s, routeFn, beam.CoGroupByKey(s, roots, routed))
	units := beam.GroupByKey(s, beam.Flatten(s, members, pairItems))
	arts, sets, fams, warns := beam.ParDo4(s.Scope("units"), &unitFn{Family: cfg.Family}, units)
	ps := s.Scope("passage texts")
	others := beam.ParDo(ps, giveFn, beam.CoGroupByKey(ps, docs, beam.ParDo(ps, needFn, sets)))
	chunks := beam.ParDo(ps, textFn, beam.CoGroupByKey(ps, sets, others))
	return Rows{Articles: arts, Pairs: pairRows, Families: fams, Passages: chunks, Warnings: warns}
}

func init() {
	register.Function3x0(rootsFn)
	register.Function1x2(byA)
	register.Function6x0(memberFn)
	register.Iter1[Meta]()
	register.Iter1[Verified]()
	register.Emitter2[uint64, Item]()
	register.Emitter2[uint64, Routed]()
	register.Function5x0(routeFn)
	register.Iter1[Routed]()
	register.Emitter1[report.Pair]()
	register.DoFn6x0[uint64, func(*Item) bool, func(report.Article), func(uint64, PassageSet), func(report.Family), func(string)](&unitFn{})
	register.Emitter2[uint64, PassageSet]()
	register.Function3x0(needFn)
	register.Function4x0(giveFn)
	register.Emitter2[uint64, Text]()
	register.Iter1[PassageSet]()
	register.Iter1[Text]()
	register.Iter1[Item]()
	register.Emitter1[report.Article]()
	register.Emitter1[report.Family]()
	register.Emitter1[string]()
	register.Function4x1(textFn)
	register.Emitter1[Chunk]()
}
