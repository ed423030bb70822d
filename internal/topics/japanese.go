package topics

import (
	"strings"
	"sync"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// The IPA dictionary (12 MB) is read when the first Japanese comment is
// analysed, never at start-up.
var (
	jaOnce sync.Once
	jaTok  *tokenizer.Tokenizer
	jaErr  error
)

func jaTokenizer() (*tokenizer.Tokenizer, error) {
	jaOnce.Do(func() { jaTok, jaErr = tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos()) })
	return jaTok, jaErr
}

// japanese: the nouns and noun compounds of text (配送, 配送日時, 在庫切れ),
// and a noun with the adjective or verb it is the subject of (配送が遅い,
// アプリが重い), which carries the complaint.
func japanese(text string) []string {
	t, err := jaTokenizer()
	if err != nil {
		return nil
	}
	toks := t.Tokenize(text)
	var out []string
	var compound []string // nouns in a row
	flush := func() string {
		c := strings.Join(compound, "")
		if len(compound) > 1 && len([]rune(c)) > 1 {
			out = append(out, c)
		}
		compound = compound[:0]
		return c
	}
	subject := "" // the last noun (compound) followed by が/は/も
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		pos := tk.POS()
		switch {
		case isContentNoun(pos):
			compound = append(compound, tk.Surface)
			if len([]rune(tk.Surface)) > 1 {
				out = append(out, tk.Surface)
			}
		case len(compound) > 0 && len(pos) > 1 && pos[0] == "名詞" && (pos[1] == "接尾" || pos[1] == "非自立"):
			compound = append(compound, tk.Surface)
		case len(compound) > 0 && len(pos) > 0 && pos[0] == "動詞" && tk.Surface == "切れ":
			compound = append(compound, tk.Surface) // 在庫切れ
		default:
			c := ""
			if len(compound) > 0 {
				c = flush()
			}
			if len(pos) > 0 && pos[0] == "助詞" && (tk.Surface == "が" || tk.Surface == "は" || tk.Surface == "も") && c != "" {
				subject = c
				continue
			}
			if subject != "" && len(pos) > 0 && pos[0] == "形容詞" {
				base, ok := tk.BaseForm()
				if !ok || base == "*" {
					base = tk.Surface
				}
				out = append(out, subject+"が"+base) // 配送が遅い
			}
			if subject != "" && len(pos) > 0 && pos[0] == "動詞" && i+1 < len(toks) && toks[i+1].Surface == "ない" {
				out = append(out, subject+"が"+tk.Surface+"ない") // ログインができない
			}
			if len(pos) > 0 && pos[0] != "助詞" && pos[0] != "助動詞" {
				subject = ""
			}
		}
	}
	if len(compound) > 0 {
		flush()
	}
	return out
}

// isContentNoun: a noun that names something (not a number, pronoun,
// suffix or dependent noun).
func isContentNoun(pos []string) bool {
	if len(pos) < 2 || pos[0] != "名詞" {
		return false
	}
	switch pos[1] {
	case "数", "代名詞", "非自立", "接尾", "特殊":
		return false
	}
	return true
}
