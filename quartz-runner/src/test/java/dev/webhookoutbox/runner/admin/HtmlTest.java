package dev.webhookoutbox.runner.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesEverythingThatCanOpenMarkupOrCloseAnAttribute() {
    assertThat(Html.text("<a href=\"x\" onclick='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(Html.text(null)).isEmpty();
  }

  @Test
  void formsDecodeAndIgnoreBrokenEscapes() {
    assertThat(Forms.parse("a=1%202&b=%3Cx%3E&bad=%zz&a=ignored"))
        .containsEntry("a", "1 2")
        .containsEntry("b", "<x>")
        .doesNotContainKey("bad");
  }
}
