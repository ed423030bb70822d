package detect

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// csvRows splits "a,b\nc,d" into header and rows (no quotes in these tests).
func csvRows(s string) ([]string, [][]string) {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	var rows [][]string
	for _, l := range lines[1:] {
		rows = append(rows, strings.Split(l, ","))
	}
	return strings.Split(lines[0], ","), rows
}

// identity maps each canonical name to the column of the same name.
func identity(names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = n
	}
	return m
}

type guessCase struct {
	file string
	csv  string // header and rows
	role string
	cols map[string]string
	why  []string
}

func checkGuesses(t *testing.T, cases []guessCase) {
	t.Helper()
	for _, c := range cases {
		cols, rows := csvRows(c.csv)
		g := GuessRole(c.file, cols, rows)
		if g.Role != c.role || !reflect.DeepEqual(g.Columns, c.cols) {
			t.Errorf("%s: %q %v, want %q %v\nwhy: %s", c.file, g.Role, g.Columns, c.role, c.cols, g.Why)
		}
		for _, w := range c.why {
			if !strings.Contains(g.Why, w) {
				t.Errorf("%s: Why lacks %q:\n%s", c.file, w, g.Why)
			}
		}
		if c.role != "" {
			if m := MapColumns(c.role, cols, rows); !reflect.DeepEqual(m, c.cols) {
				t.Errorf("%s: MapColumns = %v, want %v", c.file, m, c.cols)
			}
		}
	}
}

// TestGuessGeneratedSamples: the product's own sample files (headers as
// internal/sample writes them) map one to one, also under neutral names.
func TestGuessGeneratedSamples(t *testing.T) {
	cases := []guessCase{
		{"customers.csv", "customer_id,signup_at,region,prefecture,plan,channel,age_band,gender\n" +
			"C000001,2024-01-01 21:06:21,九州,福岡県,standard,web,55-64,male",
			"customers", identity("customer_id", "signup_at"), []string{"6 other column(s) kept as dimensions"}},
		{"orders.csv", "order_id,customer_id,ordered_at,amount,quantity,category,channel\n" +
			"O0000001,C000001,2024-01-03 15:15:20,5300,1,beauty,web",
			"orders", identity("order_id", "customer_id", "ordered_at", "amount", "quantity"), nil},
		{"responses.csv", "customer_id,responded_at,survey,score,touchpoint,comment\n" +
			"C000001,2024-01-16 06:49:58,csat,3,purchase,\nC000001,2024-01-23 03:23:57,nps,7,purchase,could be cheaper",
			"responses", identity("customer_id", "responded_at", "survey", "score", "touchpoint", "comment"), nil},
		{"events.csv", "customer_id,occurred_at,event,channel,session_id\n" +
			"C000001,2024-01-01 20:46:54,page_view,web,S000001-01",
			"events", identity("customer_id", "occurred_at", "event", "channel", "session_id"), nil},
		{"subscriptions.csv", "customer_id,started_at,ended_at,plan,mrr\n" +
			"C000001,2024-01-01 21:06:21,2024-01-31 09:27:12,standard,980\nC000003,2024-01-02 18:51:43,,standard,980",
			"subscriptions", identity("customer_id", "started_at", "ended_at", "plan", "mrr"), nil},
		{"reviews.csv", "customer_id,reviewed_at,rating,product,text\n" +
			"C000001,2024-01-07 08:23:11,3,日焼け止めジェル,箱が潰れていた",
			"reviews", identity("customer_id", "reviewed_at", "rating", "product", "text"), nil},
		{"posts.csv", "post_id,posted_at,platform,impressions,likes,comments,shares,clicks,saves\n" +
			"P0001,2024-01-03 10:19:05,tiktok,6420,552,28,47,22,35",
			"posts", identity("post_id", "posted_at", "platform", "impressions", "likes", "comments", "shares", "clicks", "saves"), nil},
	}
	checkGuesses(t, cases)
	for i := range cases {
		cases[i].file, cases[i].why = "export_2024.csv", nil
	}
	checkGuesses(t, cases)
}

// TestGuessJapanese: Japanese column names for every role, and spelling
// variants in English (case, spaces, camelCase) as real exports write them.
func TestGuessJapanese(t *testing.T) {
	checkGuesses(t, []guessCase{
		{"会員一覧.csv", "会員ID,登録日,都道府県\nM01,2024年1月5日,東京都", "customers",
			map[string]string{"customer_id": "会員ID", "signup_at": "登録日"}, []string{"dates like %Y年%m月%d日"}},
		{"注文.csv", "注文番号,顧客ID,注文日時,合計金額,数量\nA1,C1,2024/01/05 10:00:00,1200,2", "orders",
			map[string]string{"order_id": "注文番号", "customer_id": "顧客ID", "ordered_at": "注文日時", "amount": "合計金額", "quantity": "数量"}, nil},
		{"アンケート.csv", "顧客ID,回答日,スコア,コメント\nC1,2024-01-05,9,良い", "responses",
			map[string]string{"customer_id": "顧客ID", "responded_at": "回答日", "score": "スコア", "comment": "コメント"}, nil},
		{"行動ログ.csv", "ユーザーID,発生日時,イベント\nU1,2024-01-05 10:00,ログイン", "events",
			map[string]string{"customer_id": "ユーザーID", "occurred_at": "発生日時", "event": "イベント"}, nil},
		{"契約.csv", "顧客ID,開始日,終了日,プラン,月額\nC1,2024-01-05,,ライト,980", "subscriptions",
			map[string]string{"customer_id": "顧客ID", "started_at": "開始日", "ended_at": "終了日", "plan": "プラン", "mrr": "月額"}, nil},
		{"レビュー.csv", "投稿日,評価,商品名,本文\n2024-01-05,5,化粧水,最高", "reviews",
			map[string]string{"reviewed_at": "投稿日", "rating": "評価", "product": "商品名", "text": "本文"}, nil},
		{"instagram.csv", "投稿日時,インプレッション数,いいね数,コメント数,保存数\n2024-01-05 10:00,1000,50,3,7", "posts",
			map[string]string{"posted_at": "投稿日時", "impressions": "インプレッション数", "likes": "いいね数", "comments": "コメント数", "saves": "保存数"}, nil},
		// Full-width letters fold to ASCII: ＩＤ is ID.
		{"data.csv", "顧客ＩＤ,購入日,売上\nC1,20240105,100.5", "orders",
			map[string]string{"customer_id": "顧客ＩＤ", "ordered_at": "購入日", "amount": "売上"}, nil},
	})
}

// TestGuessNameVariants: English exports with spaces, camelCase and
// partial names; a unit price is mapped as amount with a hint.
func TestGuessNameVariants(t *testing.T) {
	checkGuesses(t, []guessCase{
		// Online Retail II: amount is Quantity * Price, which only a mapping file can say.
		{"online_retail_II.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
			"489434,85048,CHRISTMAS LIGHTS,12,12/1/09 7:45,6.95,13085,United Kingdom", "orders",
			map[string]string{"order_id": "Invoice", "quantity": "Quantity", "ordered_at": "InvoiceDate", "amount": "Price", "customer_id": "Customer ID"},
			[]string{"dates like %m/%d/%y %H:%M", `amount = TRY_CAST("Quantity" AS DOUBLE) * TRY_CAST("Price" AS DOUBLE) (Price is a unit price beside the quantity Quantity)`}},
		{"nps_2024.csv", "Respondent,Submitted At,How likely are you to recommend us? (0-10),Why?\nr1,2024-03-01T10:00:00Z,9,fast",
			"responses", map[string]string{"customer_id": "Respondent", "responded_at": "Submitted At", "score": "How likely are you to recommend us? (0-10)"}, nil},
		// Sequential ten-digit ids read like Unix seconds; the exact name wins.
		{"orders.csv", "order_id,customer_id,ordered_at,amount\n1500000001,c1,2024-01-05,10\n1500000002,c2,2024-01-06,12", "orders",
			identity("order_id", "customer_id", "ordered_at", "amount"), nil},
		// A date column whose name says nothing is found by its values.
		{"purchases.csv", "buyer,when,total\nb1,2024-01-05,10\nb2,2024-01-06,12", "orders",
			map[string]string{"customer_id": "buyer", "ordered_at": "when", "amount": "total"}, []string{"ordered_at ← when (values: timestamps"}},
	})
}

// TestGuessNothing: files that fit no role say so instead of guessing.
func TestGuessNothing(t *testing.T) {
	checkGuesses(t, []guessCase{
		{"notes.csv", "title,body\nhello,world\nfoo,bar", "", nil, []string{"no role fits"}},
		{"numbers.csv", "column0,column1\n1,2\n3,4", "", nil, []string{"no role fits"}},
		// A column called date whose values are not dates is no timestamp.
		{"orders.csv", "customer_id,date,amount\nc1,soon,5\nc2,later,6", "orders",
			map[string]string{"customer_id": "customer_id", "amount": "amount"}, []string{"no date column for ordered_at"}},
	})
}

// TestNames: normalisation and word splitting behind name matching.
func TestNames(t *testing.T) {
	for in, want := range map[string]string{"Customer ID": "customerid", "customer_id": "customerid",
		"customerID": "customerid", "顧客ＩＤ": "顧客id", " 購入日 ": "購入日"} {
		if got := normName(in); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][]string{"InvoiceDate": {"invoice", "date"}, "customerID": {"customer", "id"},
		"Lifetime Post Total Impressions": {"lifetime", "post", "total", "impressions"}, "HTTPStatus": {"http", "status"}} {
		if got := tokens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGuessUnitPrice: a unit price beside a quantity gives amount =
// quantity × unit price (SPEC §6); a line total beside them is taken as it is.
func TestGuessUnitPrice(t *testing.T) {
	cases := []struct {
		file, csv, expr string
	}{
		{"Online Retail.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
			"536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n" +
			"C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
			`TRY_CAST("Quantity" AS DOUBLE) * TRY_CAST("UnitPrice" AS DOUBLE)`},
		{"売上明細.csv", "伝票番号,顧客ID,購入日,数量,単価\nA1,c1,2024-01-05,2,1200\nA2,c2,2024-01-06,1,980",
			`TRY_CAST("数量" AS DOUBLE) * TRY_CAST("単価" AS DOUBLE)`},
		{"sales.csv", "order_id,customer_id,order_date,quantity,unit_price,total\n1,c1,2024-01-05,2,3.5,7\n2,c2,2024-01-06,1,9.9,9.9", ""},
		{"sales.csv", "order_id,customer_id,order_date,price\n1,c1,2024-01-05,3.5\n2,c2,2024-01-06,9.9", ""},
	}
	for _, c := range cases {
		cols, rows := csvRows(c.csv)
		g := GuessRole(c.file, cols, rows)
		if g.Role != "orders" || g.Exprs["amount"] != c.expr {
			t.Errorf("%s: %s amount expression %q, want orders %q\nwhy: %s", c.file, g.Role, g.Exprs["amount"], c.expr, g.Why)
		}
		if c.expr != "" && !strings.Contains(g.Why, "amount = "+c.expr) {
			t.Errorf("%s: Why does not give the amount expression:\n%s", c.file, g.Why)
		}
	}
}

// likertSurvey is a survey export shaped like the ones people download: an
// id, Likert answers as text (one of them named Recommend), the 0–10
// question, a free-text comment, a Likert "Feedback" column, no date.
func likertSurvey(n int) (string, []int) {
	likert := []string{"Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"}
	var b strings.Builder
	b.WriteString("RespondentID,Region,EaseOfUse,Recommend,Feedback,LikelyToRecommend,Comments\n")
	var scores []int
	for i := 0; i < n; i++ {
		s := (i*37 + i/7) % 11
		scores = append(scores, s)
		comment := ""
		if i%3 == 0 {
			comment = fmt.Sprintf("respondent %d says the app %s", i, []string{"is slow on login", "helped a lot", "crashed twice this week", "needs a dark mode"}[i%4])
		}
		fmt.Fprintf(&b, "R%04d,%s,%s,%s,%s,%d,%s\n", i, []string{"North", "South"}[i%2],
			likert[i%5], likert[(i+2)%5], likert[(i+1)%5], s, comment)
	}
	return b.String(), scores
}

// TestGuessByValues: scores, comments and churn flags are chosen by what
// their values hold, not by names alone (issue 8).
func TestGuessByValues(t *testing.T) {
	survey, _ := likertSurvey(60)
	checkGuesses(t, []guessCase{
		{"survey_export.csv", survey, "responses",
			map[string]string{"customer_id": "RespondentID", "score": "LikelyToRecommend", "comment": "Comments"},
			[]string{`Recommend not taken for score: 0 of 60 sampled values are whole numbers 0–10 (e.g. "Neutral")`}},
		// The classic bank churn export: CreditScore (350–850) is no survey score.
		{"Churn_Modelling.csv", "RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited\n" +
			"1,15634602,Hargrave,619,France,Female,42,2,0,1,1,1,101348.88,1\n" +
			"2,15647311,Hill,608,Spain,Female,41,1,83807.86,1,0,1,112542.58,0\n" +
			"3,15619304,Onio,502,France,Female,42,8,159660.8,3,1,0,113931.57,1", "customers",
			map[string]string{"customer_id": "CustomerId", "churned": "Exited", "tenure_months": "Tenure"}, nil},
		{"顧客一覧.csv", "顧客ID,地域,契約月数,解約\nc1,関東,12,はい\nc2,関西,3,いいえ\nc3,関東,40,いいえ", "customers",
			map[string]string{"customer_id": "顧客ID", "churned": "解約", "tenure_months": "契約月数"}, nil},
		// A "churn" column holding a probability is no flag.
		{"customers.csv", "customer_id,churn\nc1,0.25\nc2,0.75\nc3,0.5\nc4,0.5\nc5,0.5\nc6,0.5\nc7,0.5\nc8,0.1\nc9,0.2\nc10,0.3", "customers",
			map[string]string{"customer_id": "customer_id"}, nil},
	})
	// A survey whose only score-like column holds text is not guessed as
	// responses with that column, and says why.
	cols, rows := csvRows("RespondentID,Recommend\nR1,Agree\nR2,Strongly Agree\nR3,Neutral\nR4,Agree\nR5,Disagree\n" +
		"R6,Agree\nR7,Agree\nR8,Neutral\nR9,Strongly Agree\nR10,Agree")
	g := GuessRole("survey.csv", cols, rows)
	if g.Columns["score"] != "" || !strings.Contains(g.Why, "not responses: no column for score (Recommend not taken for score") {
		t.Errorf("Likert-only survey: %s %v\nwhy: %s", g.Role, g.Columns, g.Why)
	}
}
